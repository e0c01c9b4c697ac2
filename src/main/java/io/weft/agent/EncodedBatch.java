package io.weft.agent;

/** A sealed batch as it will be sent (already encoded, so the buffer can bound its bytes). */
record EncodedBatch(byte[] bytes, int spans) {}
