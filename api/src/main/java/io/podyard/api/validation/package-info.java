/** Syntax checks for names, label keys and label values, worded as the Kubernetes API server words them. */
package io.podyard.api.validation;
