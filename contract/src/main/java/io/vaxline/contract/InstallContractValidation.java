package io.vaxline.contract;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Found by Quarkus (META-INF/services) in every {@code @QuarkusTest} of a module that has this one
 * on its test classpath: installs {@link ContractValidationFilter} in REST Assured, in the class
 * loader the test runs in, before each test.
 */
public class InstallContractValidation implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        ContractValidationFilter.installInRestAssured();
    }
}
