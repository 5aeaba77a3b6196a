package io.vaxline.records.documents;

/**
 * Where the document store keeps its (already encrypted) objects: a folder ({@link FolderStorage}) or an S3-compatible
 * bucket ({@link S3Storage}), as vaxline.records.documents.storage says. A failure to reach it is an
 * {@link java.io.UncheckedIOException}, which the document consumer waits out.
 */
public interface ObjectStorage {

    void put(String name, byte[] content);

    /** The object, or null when there is none. */
    byte[] get(String name);
}
