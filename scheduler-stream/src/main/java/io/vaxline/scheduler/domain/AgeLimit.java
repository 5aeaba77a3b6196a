package io.vaxline.scheduler.domain;

/**
 * Who a session admits by age: with a youngest age set, people of that age or older. A session
 * without a limit admits everyone, and so does a limited one when the request does not state an age.
 */
public final class AgeLimit {

    private AgeLimit() {
    }

    public static boolean admits(Integer minAge, Integer ageYears) {
        return minAge == null || ageYears == null || ageYears >= minAge;
    }
}
