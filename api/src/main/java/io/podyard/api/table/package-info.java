/**
 * Server-side printing: {@link io.podyard.api.table.Tables} turns objects into the meta.k8s.io/v1
 * Table kubectl prints, with Kubernetes' columns per kind. Kinds group by file ({@code
 * PodColumns}, {@code WorkloadColumns}, ...); {@code Printers} lists which kind prints how.
 */
package io.podyard.api.table;
