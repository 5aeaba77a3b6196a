# Sourced by ./vaxline and .ci/run: points JAVA_HOME at a JDK 21 or newer, or explains what is missing.
# Looks at JAVA_HOME, the java on PATH, then the usual install folders; takes the newest it finds.

vaxline_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

vaxline_find_jdk() {
    local candidates=() dir best="" best_major=0 major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
               "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$dir" ] && candidates+=("$dir")
    done
    for dir in "${candidates[@]}"; do
        [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
        major=$(vaxline_java_major "$dir")
        major=${major#1.}
        [[ "$major" =~ ^[0-9]+$ ]] || continue
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$dir"
            best_major="$major"
        fi
    done
    if [ -z "$best" ]; then
        echo "Vaxline needs a JDK 21 or newer (the schema registry runs on Java 21+), and none was found" >&2
        echo "in JAVA_HOME, on the PATH or under /usr/lib/jvm. Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
        return 1
    fi
    export JAVA_HOME="$best"
    export PATH="$JAVA_HOME/bin:$PATH"
}
