package io.podyard.node.exec;

/** A host program could not be run or failed; the message names the program and its stderr. */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    CommandException(Command command, String what, CommandResult result) {
        super(command.display() + ": " + what + (result == null || result.stderr().isBlank() ? ""
                : ": " + result.stderr().strip()));
        this.result = result;
    }

    /** What the program wrote and how it exited, or null when it never ran to completion. */
    public CommandResult result() {
        return result;
    }
}
