package org.ecdkit.core.json;

/**
 * A JSON value that remembers where it was read, so that a check made long after parsing can
 * still say "line 3, column 41". Values built in memory carry {@link TextPosition#NONE}.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    TextPosition position();

    /** How the value reads in an error message: "a string \"abc\"", "300", "an object". */
    String describe();
}
