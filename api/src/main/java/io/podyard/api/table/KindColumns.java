package io.podyard.api.table;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one kind prints in a Table: its columns, and for each object the cells under them. Like the
 * API server, a row always carries the wide (priority 1) cells; kubectl drops them unless asked.
 */
interface KindColumns {
    List<Column> columns();

    /**
     * One object's cells, one per column: String, Long or Boolean, as Kubernetes' printers emit them.
     *
     * @param now the moment AGE and other "time since" cells are measured to
     */
    List<Object> cells(ObjectNode object, Instant now);

    /** The row's conditions; only pods have any. */
    default List<RowCondition> conditions(ObjectNode object) {
        return List.of();
    }

    static KindColumns of(List<Column> columns, BiFunction<ObjectNode, Instant, List<Object>> cells) {
        List<Column> copy = List.copyOf(columns);
        return new KindColumns() {
            @Override
            public List<Column> columns() {
                return copy;
            }

            @Override
            public List<Object> cells(ObjectNode object, Instant now) {
                return cells.apply(object, now);
            }
        };
    }
}
