/** Scheduling: a pure core that places a pod on a node over a snapshot, its plugins, and the loop that binds. */
package io.podyard.scheduler;
