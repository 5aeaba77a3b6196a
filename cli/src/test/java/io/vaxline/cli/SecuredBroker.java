package io.vaxline.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vaxline.devstack.KafkaBroker;
import io.vaxline.devstack.Ports;
import io.vaxline.devstack.ServiceSecrets;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.Provisioner;

/**
 * A broker that asks for logins, as the local stack's does, with its passwords where ./vaxline finds
 * them (the default data folder below {@code repoRoot}); {@code admin} is the provisioner.
 */
record SecuredBroker(KafkaBroker broker, KafkaAccess admin, ServiceSecrets secrets) implements AutoCloseable {

    static SecuredBroker start(Path repoRoot) throws Exception {
        ServiceSecrets secrets = ServiceSecrets.loadOrCreate(ServiceSecrets.folder(DataDir.defaultIn(repoRoot)));
        String password = secrets.kafkaPasswords().get(KafkaPrincipals.PROVISIONER);
        KafkaBroker broker = new KafkaBroker(repoRoot.resolve("kafka"), Ports.free(), Ports.free(), password,
                secrets.kafkaPasswords().get(ServiceSecrets.KAFKA_CONTROLLER));
        broker.start();
        return new SecuredBroker(broker, KafkaAccess.local(broker.bootstrapServers(), KafkaPrincipals.PROVISIONER, password),
                secrets);
    }

    /** The catalogue's topics, and its principals with their passwords and ACLs. */
    void provision() throws Exception {
        Provisioner.provisionTopics(admin, (short) 1);
        Map<String, String> principals = new LinkedHashMap<>(secrets.kafkaPasswords());
        principals.remove(KafkaPrincipals.PROVISIONER);
        principals.remove(ServiceSecrets.KAFKA_CONTROLLER);
        Provisioner.provisionPrincipals(admin, principals);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.close();
    }
}
