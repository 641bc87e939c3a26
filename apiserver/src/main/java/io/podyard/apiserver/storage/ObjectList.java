package io.podyard.apiserver.storage;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A page of a list.
 *
 * @param revision the snapshot it was read from: the list's resourceVersion
 * @param continueToken where the next page starts, or null on the last page
 */
public record ObjectList(List<ObjectNode> items, long revision, String continueToken) {}
