/** What every cluster component needs beside fabric8's client: recording Events, Kubernetes timestamps. */
package io.podyard.client;
