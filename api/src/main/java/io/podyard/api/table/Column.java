package io.podyard.api.table;

/**
 * One meta/v1 TableColumnDefinition. kubectl shows priority 0 columns always and priority 1 columns
 * only with {@code -o wide}; the server always sends both.
 *
 * @param type an OpenAPI type: "string", "integer", "boolean", "date"
 * @param format "name" marks the column holding the object's name; otherwise empty
 */
record Column(String name, String type, String format, String description, int priority) {
    // ObjectMeta's own field documentation, as Kubernetes sends it for NAME and AGE.
    static final String NAME_DOC = "Name must be unique within a namespace. Is required when creating resources,"
            + " although some resources may allow a client to request the generation of an appropriate name"
            + " automatically. Name is primarily intended for creation idempotence and configuration definition."
            + " Cannot be updated. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    static final String CREATED_DOC = "CreationTimestamp is a timestamp representing the server time when this"
            + " object was created. It is not guaranteed to be set in happens-before order across separate"
            + " operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
            + "Populated by the system. Read-only. Null for lists. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    static final String CONTAINERS_DOC = "Names of each container in the template.";
    static final String IMAGES_DOC = "Images referenced by each container in the template.";

    static final Column NAME = new Column("Name", "string", "name", NAME_DOC, 0);
    static final Column AGE = string("Age", CREATED_DOC);
    static final Column CONTAINERS = wide("Containers", "string", CONTAINERS_DOC);
    static final Column IMAGES = wide("Images", "string", IMAGES_DOC);

    static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    static Column wide(String name, String type, String description) {
        return new Column(name, type, "", description, 1);
    }
}
