package io.podyard.e2e;

/** The session on the embedded SQLite store. */
class SqliteKubectlChangesTest extends KubectlChanges {}
