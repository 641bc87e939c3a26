package io.podyard.api.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes' ValidateService for a defaulted Service spec: type, ports (protocol, names, target
 * ports, node ports only where a node port exists), clusterIP(s) per type (headless only for
 * ClusterIP, none for ExternalName), externalName, traffic policies and session affinity. Whether
 * an address is free and in range is the API server's allocator's to say.
 */
final class ServiceValidation {
    private static final String[] TYPES = {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"};
    private static final String[] PROTOCOLS = {"SCTP", "TCP", "UDP"};
    private static final String[] POLICIES = {"Cluster", "Local"};
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private ServiceValidation() {}

    static void validate(JsonNode spec, List<FieldError> errors) {
        String type = spec.path("type").asString("ClusterIP");
        if (!List.of(TYPES).contains(type)) {
            errors.add(FieldError.notSupported("spec.type", type, TYPES));
        }
        JsonNode ips = spec.path("clusterIPs");
        boolean headless = "None".equals(spec.path("clusterIP").asString(""));
        if (type.equals("ExternalName")) {
            externalName(spec.path("externalName").asString(""), errors);
            if (ips.isArray() && !ips.isEmpty()) {
                errors.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
            }
        } else {
            clusterIps(ips, type, errors);
            if (spec.path("ports").isEmpty() && !headless) {
                errors.add(FieldError.required("spec.ports"));
            }
        }
        ports(spec.path("ports"), type, errors);
        String external = spec.path("externalTrafficPolicy").asString("");
        if (!external.isEmpty()) {
            if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
                errors.add(FieldError.invalid("spec.externalTrafficPolicy", external,
                        "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
            } else if (!List.of(POLICIES).contains(external)) {
                errors.add(FieldError.notSupported("spec.externalTrafficPolicy", external, POLICIES));
            }
        }
        String internal = spec.path("internalTrafficPolicy").asString("");
        if (!internal.isEmpty() && !List.of(POLICIES).contains(internal)) {
            errors.add(FieldError.notSupported("spec.internalTrafficPolicy", internal, POLICIES));
        }
        String affinity = spec.path("sessionAffinity").asString("None");
        if (!affinity.equals("None") && !affinity.equals("ClientIP")) {
            errors.add(FieldError.notSupported("spec.sessionAffinity", affinity, "ClientIP", "None"));
        }
        JsonNode timeout = spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds");
        if (timeout.isNumber() && (timeout.asLong() <= 0 || timeout.asLong() > 86400)) {
            errors.add(FieldError.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout.asLong(),
                    "must be greater than 0 and less than 86400"));
        }
    }

    private static void externalName(String name, List<FieldError> errors) {
        if (name.isEmpty()) {
            errors.add(FieldError.required("spec.externalName"));
            return;
        }
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        for (String problem : Names.dns1123Subdomain(bare)) {
            errors.add(FieldError.invalid("spec.externalName", name, problem));
        }
    }

    private static void clusterIps(JsonNode ips, String type, List<FieldError> errors) {
        for (int i = 0; i < ips.size(); i++) {
            String ip = ips.get(i).asString("");
            String field = "spec.clusterIPs[" + i + "]";
            if (ip.equals("None")) {
                if (!type.equals("ClusterIP")) {
                    errors.add(FieldError.invalid(field, ip, "may not be set to 'None' for " + type + " services"));
                }
            } else if (!IPV4.matcher(ip).matches() && !ip.contains(":")) {
                errors.add(FieldError.invalid(field, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }
    }

    private static void ports(JsonNode ports, String type, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            String at = "spec.ports[" + i + "]";
            ObjectValidation.port(p.path("port"), at + ".port", true, errors);
            String name = p.path("name").asString("");
            if (ports.size() > 1 && name.isEmpty()) {
                errors.add(FieldError.required(at + ".name"));
            } else if (!name.isEmpty()) {
                for (String problem : Names.dns1123Label(name)) {
                    errors.add(FieldError.invalid(at + ".name", name, problem));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(at + ".name", name));
                }
            }
            String protocol = p.path("protocol").asString("TCP");
            if (!List.of(PROTOCOLS).contains(protocol)) {
                errors.add(FieldError.notSupported(at + ".protocol", protocol, PROTOCOLS));
            }
            targetPort(p.path("targetPort"), at + ".targetPort", errors);
            JsonNode nodePort = p.path("nodePort");
            if (nodePort.isNumber() && nodePort.asLong() != 0) {
                if (type.equals("ClusterIP") || type.equals("ExternalName")) {
                    errors.add(FieldError.forbidden(at + ".nodePort", "may not be used when `type` is '" + type + "'"));
                } else {
                    ObjectValidation.port(nodePort, at + ".nodePort", false, errors);
                }
            }
        }
    }

    /** A number 1–65535 or an IANA service name, as a container port name. */
    private static void targetPort(JsonNode target, String field, List<FieldError> errors) {
        if (target.isMissingNode() || target.isNull()) {
            return;
        }
        if (target.isNumber()) {
            ObjectValidation.port(target, field, false, errors);
            return;
        }
        String name = target.asString("");
        if (name.length() > 15) {
            errors.add(FieldError.invalid(field, name, "must be no more than 15 characters"));
        } else if (!PORT_NAME.matcher(name).matches() || name.contains("--")) {
            errors.add(FieldError.invalid(field, name,
                    "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"));
        } else if (!name.matches(".*[a-z].*")) {
            errors.add(FieldError.invalid(field, name, "must contain at least one letter (a-z)"));
        }
    }
}
