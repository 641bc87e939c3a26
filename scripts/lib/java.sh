# Sourced by ./podyard and scripts/*.sh: finds a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME, then JDKs under /usr/lib/jvm (newest first), then java on PATH.

podyard_java_feature() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

podyard_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/* 2>/dev/null | sort -rV); do candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(podyard_java_feature "$c/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  cat >&2 <<'MSG'
podyard: no JDK 25 or newer found (looked at $JAVA_HOME, /usr/lib/jvm/* and java on PATH).
Install one, for example Eclipse Temurin 25 (package temurin-25-jdk from packages.adoptium.net)
or OpenJDK 25 (package openjdk-25-jdk), or point JAVA_HOME at it.
MSG
  return 1
}
