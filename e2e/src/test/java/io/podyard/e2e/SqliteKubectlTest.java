package io.podyard.e2e;

/** The session on the embedded SQLite store. */
class SqliteKubectlTest extends KubectlSession {}
