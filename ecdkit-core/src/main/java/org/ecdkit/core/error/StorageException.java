package org.ecdkit.core.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** A file could not be read or written: missing, no permission, disk full. */
public class StorageException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Turns a JDK I/O failure into one line a user understands: the file, and what went wrong
     * in words rather than an exception class name.
     */
    public static StorageException of(String action, Path file, IOException e) {
        return new StorageException("cannot " + action + " " + file + ": " + describe(e), e);
    }

    /** The same for something that is not a local file: a URL, an S3 object, named as the user gave it. */
    public static StorageException of(String action, String location, IOException e) {
        return new StorageException("cannot " + action + " " + location + ": " + describe(e), e);
    }

    /** Describes a failure to create a file in {@code folder}, naming the folder when it is at fault. */
    public static String describeFor(Path folder, IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (folder " + folder + " is not writable)";
        }
        String text = describe(e);
        return text.equals("read-only file system") ? "folder " + folder + " is on a read-only file system" : text;
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (text.contains("No space left on device")) {
            return "disk full (no space left on device)";
        }
        if (text.contains("Read-only file system")) {
            return "read-only file system";
        }
        return text.isEmpty() ? e.getClass().getSimpleName() : text;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.IO;
    }
}
