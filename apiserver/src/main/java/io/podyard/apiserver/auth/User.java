package io.podyard.apiserver.auth;

import java.util.List;

/** Who made a request, as Kubernetes' user.Info: a name and the groups it belongs to. */
public record User(String name, List<String> groups) {
    public User {
        groups = List.copyOf(groups);
    }
}
