package io.podyard.node.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The uid, gid and additional gids a container runs with, resolved as containerd's CRI plugin
 * does: securityContext.runAsUser (container over pod) or else the image's User ("name", "uid",
 * "name:group", "uid:gid"); names are looked up in the image's /etc/passwd and /etc/group; a
 * numeric user without a group takes the primary group from /etc/passwd (0 if not listed);
 * runAsGroup replaces the gid; the additional gids are the primary gid, the groups listing the
 * user by name, then supplementalGroups and fsGroup.
 */
public final class Users {
    private Users() {
    }

    /** What the pod asks for; null fields are unset. */
    public record Request(String imageUser, Long runAsUser, Long runAsGroup, List<Long> supplementalGroups,
                          Long fsGroup) {
        public Request {
            imageUser = imageUser == null ? "" : imageUser;
            supplementalGroups = supplementalGroups == null ? List.of() : List.copyOf(supplementalGroups);
        }
    }

    public record Resolved(long uid, long gid, List<Long> additionalGids) {
        public Resolved {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    /** An /etc/passwd and /etc/group read from the image (empty text when the files are missing). */
    public record Database(List<Entry> passwd, List<Entry> groups) {
        public static final Database EMPTY = new Database(List.of(), List.of());

        /** A line of either file: name, numeric id, primary gid (passwd) and members (group). */
        public record Entry(String name, long id, long gid, List<String> members) {
        }

        public static Database parse(String passwdText, String groupText) {
            List<Entry> passwd = new ArrayList<>();
            for (String[] f : fields(passwdText)) {
                if (f.length >= 4 && isNumber(f[2]) && isNumber(f[3])) {
                    passwd.add(new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), List.of()));
                }
            }
            List<Entry> groups = new ArrayList<>();
            for (String[] f : fields(groupText)) {
                if (f.length >= 3 && isNumber(f[2])) {
                    List<String> members = f.length > 3 && !f[3].isBlank() ? List.of(f[3].strip().split(","))
                            : List.of();
                    groups.add(new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[2]), members));
                }
            }
            return new Database(List.copyOf(passwd), List.copyOf(groups));
        }

        private static List<String[]> fields(String text) {
            List<String[]> lines = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.split(":", -1));
                }
            }
            return lines;
        }

        Optional<Entry> userNamed(String name) {
            return passwd.stream().filter(e -> e.name().equals(name)).findFirst();
        }

        Optional<Entry> userWithId(long uid) {
            return passwd.stream().filter(e -> e.id() == uid).findFirst();
        }

        Optional<Entry> groupNamed(String name) {
            return groups.stream().filter(e -> e.name().equals(name)).findFirst();
        }
    }

    public static Resolved resolve(Request request, Database db) {
        long uid;
        long gid;
        String userName;
        if (request.runAsUser() != null) {
            uid = request.runAsUser();
            Optional<Database.Entry> entry = db.userWithId(uid);
            gid = entry.map(Database.Entry::gid).orElse(0L);
            userName = entry.map(Database.Entry::name).orElse(null);
        } else {
            String[] parts = request.imageUser().split(":", 2);
            String user = parts[0];
            if (user.isEmpty()) {
                uid = 0;
                gid = db.userWithId(0).map(Database.Entry::gid).orElse(0L);
                userName = db.userWithId(0).map(Database.Entry::name).orElse(null);
            } else if (isNumber(user)) {
                uid = Long.parseLong(user);
                Optional<Database.Entry> entry = db.userWithId(uid);
                gid = entry.map(Database.Entry::gid).orElse(0L);
                userName = entry.map(Database.Entry::name).orElse(null);
            } else {
                Database.Entry entry = db.userNamed(user).orElseThrow(() -> new ContainerConfigException(
                        "unable to find user " + user + ": no matching entries in passwd file"));
                uid = entry.id();
                gid = entry.gid();
                userName = user;
            }
            if (parts.length == 2 && !parts[1].isEmpty()) {
                String group = parts[1];
                gid = isNumber(group) ? Long.parseLong(group) : db.groupNamed(group).map(Database.Entry::id)
                        .orElseThrow(() -> new ContainerConfigException("unable to find group " + group
                                + ": no matching entries in group file"));
            }
        }
        if (request.runAsGroup() != null) {
            gid = request.runAsGroup();
        }
        LinkedHashSet<Long> additional = new LinkedHashSet<>();
        additional.add(gid);
        if (userName != null) {
            String name = userName;
            db.groups().stream().filter(g -> !g.name().equals(name) && g.members().contains(name))
                    .forEach(g -> additional.add(g.id()));
        }
        additional.addAll(request.supplementalGroups());
        if (request.fsGroup() != null) {
            additional.add(request.fsGroup());
        }
        return new Resolved(uid, gid, new ArrayList<>(additional));
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }
}
