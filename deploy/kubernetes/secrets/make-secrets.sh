#!/usr/bin/env bash
# Makes the Secrets of deploy/kubernetes in the namespace vaxline, once (a Secret that exists is left as it is: new
# passwords or keys would lock the services out of what the old ones made). Needs kubectl on the cluster, openssl,
# keytool and java (a JDK 21+), and booking-api built (./mvnw -q -pl booking-api -am package -DskipTests) for its
# class path, which has Tink and the notifier's seal. The Kafka principals' passwords are not here: Strimzi's User
# Operator makes a Secret per KafkaUser (key password).
#   deploy/kubernetes/secrets/make-secrets.sh [namespace]
set -euo pipefail
cd "$(dirname "$0")/../../.."
namespace="${1:-vaxline}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077

exists() { kubectl -n "$namespace" get secret "$1" > /dev/null 2>&1; }
random() { openssl rand -hex 24; }
make() {
    local name="$1"; shift
    if exists "$name"; then echo "Secret $name exists: kept"; return; fi
    kubectl -n "$namespace" create secret generic "$name" "$@" > /dev/null
    echo "Secret $name made"
}

kubectl get namespace "$namespace" > /dev/null 2>&1 || kubectl create namespace "$namespace"

# booking-api's administrators' key and the pepper of its keyed hashes (the notifier has the same pepper).
make vaxline-app --from-literal=admin-api-key="$(random)" --from-literal=secret-pepper="$(random)"
# care's key at booking-api (booking-api's CARE_API_KEY, care's CARE_BOOKING_API_KEY): a token that may only cancel.
make care-api-key --from-literal=api-key="$(random)"

# The owner of each database (CloudNativePG's managed roles read basic-auth Secrets).
for database in booking care certificates notifier records registry; do
    make "postgres-$database" --type=kubernetes.io/basic-auth --from-literal=username="$database" \
        --from-literal=password="$(random)"
done

# The key pair booking-api signs tokens with; certificate-service gets the public key alone.
if ! exists jwt-private-key || ! exists jwt-public-key; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt-private.pem" 2> /dev/null
    openssl pkey -in "$work/jwt-private.pem" -pubout -out "$work/jwt-public.pem"
    kubectl -n "$namespace" delete secret jwt-private-key jwt-public-key --ignore-not-found > /dev/null
    make jwt-private-key --from-file=jwt-private.pem="$work/jwt-private.pem"
    make jwt-public-key --from-file=jwt-public.pem="$work/jwt-public.pem"
else
    echo "Secrets jwt-private-key and jwt-public-key exist: kept"
fi

# The notifier's key pair (codes and links are sealed to it) and booking-api's outreach and backup keysets.
if ! exists notifier-private-keyset || ! exists notifier-public-keyset || ! exists booking-keysets; then
    classpath='booking-api/target/quarkus-app/lib/main/*'
    if ! ls booking-api/target/quarkus-app/lib/main/*.jar > /dev/null 2>&1; then
        echo "Build booking-api first (its class path has Tink): ./mvnw -q -pl booking-api -am package -DskipTests" >&2
        exit 1
    fi
    java -cp "$classpath" deploy/kubernetes/secrets/MakeKeysets.java "$work/keysets"
    if ! exists notifier-private-keyset && ! exists notifier-public-keyset; then
        make notifier-private-keyset --from-file=keyset.json="$work/keysets/notifier-private-keyset.json"
        make notifier-public-keyset --from-file=keyset.json="$work/keysets/notifier-public-keyset.json"
    else
        echo "Secrets notifier-private-keyset and notifier-public-keyset: one exists without the other; fix by hand" >&2
    fi
    make booking-keysets --from-file=outreach-keyset.json="$work/keysets/outreach-keyset.json" \
        --from-file=backup-keyset.json="$work/keysets/backup-keyset.json"
else
    echo "Secrets notifier-private-keyset, notifier-public-keyset and booking-keysets exist: kept"
fi

# records' prescription signing key (a P-256 JWK, as RECORDS_CREATE_SIGNING_KEY makes on a local stack) and the
# keyset its documents are encrypted with, shared by its replicas.
if ! exists records-keys; then
    if ! ls records/target/quarkus-app/lib/main/*.jar > /dev/null 2>&1; then
        echo "Build records first (its class path has jose4j and Tink): ./mvnw -q -pl records -am package -DskipTests" >&2
        exit 1
    fi
    java -cp 'records/target/quarkus-app/lib/main/*' deploy/kubernetes/secrets/MakeRecordsKeys.java "$work/records"
    make records-keys --from-file=prescription-signing-key.jwk="$work/records/prescription-signing-key.jwk" \
        --from-file=documents-keyset.json="$work/records/documents-keyset.json"
else
    echo "Secret records-keys exists: kept"
fi

# certificate-service's signing key: a self-signed Document Signer (P-256, alias dsc), as CERTIFICATE_CREATE_KEYSTORE
# makes on a local stack. In production, put your Document Signer Certificate's keystore in this Secret instead.
if ! exists certificate-signing-key; then
    password="$(random)"
    keytool -genkeypair -alias dsc -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -validity 730 \
        -dname "CN=Vaxline Document Signer, O=Vaxline, C=SE" -storetype PKCS12 \
        -keystore "$work/signing-key.p12" -storepass "$password" -keypass "$password" 2> /dev/null
    make certificate-signing-key --from-file=signing-key.p12="$work/signing-key.p12" --from-literal=password="$password"
else
    echo "Secret certificate-signing-key exists: kept"
fi

echo "The notifier's SMTP login, if your server wants one (optional):"
echo "  kubectl -n $namespace create secret generic notifier-mail --from-literal=username=... --from-literal=password=..."
