package dev.onekycbridge.sandbox.callback;

/** Why a callback delivery exists. */
public enum DeliveryTrigger {
    /** Processing reached a status that is called back. */
    AUTOMATIC,
    /** The duplicate fault sent an automatic callback a second time. */
    DUPLICATE,
    /** Asked for through the control API. */
    MANUAL
}
