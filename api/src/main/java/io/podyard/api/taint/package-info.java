/** Kubernetes taint and toleration semantics. */
package io.podyard.api.taint;
