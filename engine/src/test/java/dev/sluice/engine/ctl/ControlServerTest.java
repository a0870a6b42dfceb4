package dev.sluice.engine.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlServerTest {
    @TempDir
    Path dir;

    private final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void answersACommandWithItsMessageAndArguments() throws Exception {
        Path sock = dir.resolve("s.sock");
        try (ControlServer s = ControlServer.start(sock, null, err)) {
            s.on("echo", a -> Map.of("got", a.path("word").asText()));
            JsonNode a = ControlClient.request(sock, "echo", Map.of("word", "hi"));
            assertEquals("OK", a.path("return").asText());
            assertEquals("hi", a.path("message").path("got").asText());
        }
        assertFalse(Files.exists(sock), "the socket file goes with the server");
    }

    @Test
    void socketFileIsReadableAndWritableByOwnerAndGroupOnly() throws Exception {
        Path sock = dir.resolve("s.sock");
        try (ControlServer s = ControlServer.start(sock, null, err)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        }
    }

    @Test
    void unknownCommandsBadJsonAndFailingHandlersAnswerNok() throws Exception {
        Path sock = dir.resolve("s.sock");
        try (ControlServer s = ControlServer.start(sock, null, err)) {
            s.on("fails", a -> {
                throw new IllegalStateException("rule file x.rules:3: bad option");
            });
            JsonNode u = ControlClient.request(sock, "nope", null);
            assertEquals("NOK", u.path("return").asText());
            assertTrue(u.path("message").asText().contains("unknown command 'nope'"), u.toString());
            JsonNode f = ControlClient.request(sock, "fails", null);
            assertEquals("NOK", f.path("return").asText());
            assertEquals("rule file x.rules:3: bad option", f.path("message").asText());
            assertEquals("NOK", raw(sock, "{not json\n").path("return").asText());
            assertEquals("NOK", raw(sock, "{\"arguments\":{}}\n").path("return").asText());
            // The server goes on answering after all of that.
            assertEquals("OK", ControlClient.request(sock, "command-list", null).path("return").asText());
        }
    }

    @Test
    void leftoverSocketOfADeadEngineIsReplacedButALiveOneIsNot() throws Exception {
        Path sock = dir.resolve("s.sock");
        // A socket file nobody listens on: what a killed engine leaves behind.
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(sock));
        dead.close();
        assertTrue(Files.exists(sock));
        try (ControlServer s = ControlServer.start(sock, null, err)) {
            IOException e = assertThrows(IOException.class, () -> ControlServer.start(sock, null, err));
            assertTrue(e.getMessage().contains("another engine is listening"), e.getMessage());
            assertEquals("OK", ControlClient.request(sock, "command-list", null).path("return").asText());
        }
    }

    @Test
    void clientSaysNoEngineWhenNothingListens() {
        Path sock = dir.resolve("none.sock");
        assertThrows(ControlClient.NoEngineException.class, () -> ControlClient.reload(sock));
    }

    private static JsonNode raw(Path sock, String text) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(sock));
            c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer b = ByteBuffer.allocate(4096);
            StringBuilder sb = new StringBuilder();
            while (c.read(b) > 0) {
                b.flip();
                sb.append(StandardCharsets.UTF_8.decode(b));
                b.clear();
                if (sb.indexOf("\n") >= 0) {
                    break;
                }
            }
            return ControlServer.JSON.readTree(sb.toString());
        }
    }
}
