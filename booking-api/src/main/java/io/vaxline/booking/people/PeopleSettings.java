package io.vaxline.booking.people;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/** Login codes, households, eligibility and priority groups (application.properties says where each comes from). */
@ConfigMapping(prefix = "vaxline.people")
public interface PeopleSettings {

    Otp otp();

    Household household();

    Eligibility eligibility();

    Priority priority();

    interface Otp {
        Duration lifetime();

        /** Wrong guesses a code allows. */
        int maxAttempts();

        Limit perPhone();

        Limit perIp();
    }

    /** At most {@code limit} requests in each {@code window}. */
    interface Limit {
        int limit();

        Duration window();
    }

    interface Household {
        int maxPeople();
    }

    interface Eligibility {
        int minAge();
    }

    interface Priority {
        int minAge();

        List<String> conditions();
    }
}
