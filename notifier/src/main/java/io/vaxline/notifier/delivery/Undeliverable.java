package io.vaxline.notifier.delivery;

/** A message that will not be sent; its event goes to the dead-letter topic with this reason. */
public class Undeliverable extends RuntimeException {

    public Undeliverable(String reason) {
        super(reason, null, false, false);
    }
}
