/**
 * Network namespaces for tests and demos: creating and deleting them with iproute2, running
 * commands inside them, and moving a Java thread into one so that the sockets it opens (an NFQUEUE
 * queue, a test server) live there instead of on the host.
 */
package dev.sluice.capture.netns;
