/**
 * {@code sluice demo}: a self-contained show of Sluice inline. It builds a client and a server
 * network namespace joined by a veth pair, sends the server's web traffic through NFQUEUE to
 * {@code sluice run} with the shipped {@code demo.rules}, serves a small page there, sends clean
 * and attack requests from the client, prints which got through and the fast.log lines, and
 * removes everything it made on every way out (normal end, error, SIGINT, SIGTERM).
 */
package dev.sluice.engine.demo;
