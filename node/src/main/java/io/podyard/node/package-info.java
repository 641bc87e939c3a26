/** The node agent: registers a node, heartbeats, pulls images and runs pods as OCI containers. */
package io.podyard.node;
