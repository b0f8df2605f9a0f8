/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A plain-socket HTTP/1.1 client: one TCP connection, requests written by hand, so tests
 * control connection reuse and can trickle bytes like a slow client.
 *
 * @author reuseport team
 */
public final class RawHttpConnection implements Closeable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private String lastHead = "";

	private boolean responseStarted;

	private RawHttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	public static RawHttpConnection open(int port) {
		return open(port, 10_000);
	}

	/**
	 * Open a connection whose reads give up after a time.
	 * @param port the port
	 * @param readTimeoutMillis how long a read may wait
	 * @return the connection
	 */
	public static RawHttpConnection open(int port, int readTimeoutMillis) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(readTimeoutMillis);
			return new RawHttpConnection(socket);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One GET on a fresh connection that is closed afterwards.
	 * @param port the port
	 * @param path the path
	 * @return the response body
	 */
	public static String get(int port, String path) {
		try (RawHttpConnection connection = open(port)) {
			return connection.request(path, false);
		}
	}

	/**
	 * Send a GET and read the response, which must have a {@code Content-Length}.
	 * @param path the path
	 * @param keepAlive whether to keep the connection open
	 * @return the response body
	 */
	public String request(String path, boolean keepAlive) {
		this.responseStarted = false;
		try {
			send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + (keepAlive ? "" : "Connection: close\r\n")
					+ "\r\n");
			return readResponse();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public void send(String text) throws IOException {
		this.out.write(text.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	/**
	 * Return whether the server has closed the connection, waiting at most the given time
	 * for data or end of stream.
	 * @param millis how long to wait
	 * @return {@code true} on end of stream or reset
	 */
	public boolean isClosedByServer(int millis) {
		try {
			this.socket.setSoTimeout(millis);
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Read the next response, which must be a {@code 200} with a {@code Content-Length}.
	 * @return the response body
	 * @throws IOException if the connection fails or the read times out
	 */
	public String readResponse() throws IOException {
		String head = readHead();
		this.lastHead = head;
		if (!head.startsWith("HTTP/1.1 200")) {
			throw new IllegalStateException("Unexpected response: " + head);
		}
		int length = -1;
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		if (length < 0) {
			throw new IllegalStateException("No Content-Length in " + head);
		}
		return new String(this.in.readNBytes(length), StandardCharsets.UTF_8);
	}

	/**
	 * Read the status line and header fields of the next response.
	 * @return the response head
	 * @throws IOException if the connection fails or the read times out
	 */
	public String readHead() throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = this.in.read();
			if (b == -1) {
				throw new IOException("Connection closed after " + head.size() + " bytes");
			}
			head.write(b);
			this.responseStarted = true;
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * Return whether any byte of the last response arrived, to tell a connection the
	 * server closed before answering (safe to retry an idempotent request on a new one)
	 * from a failure in the middle of a response.
	 * @return whether the response had started
	 */
	public boolean responseStarted() {
		return this.responseStarted;
	}

	/**
	 * Return the status line and headers of the last response.
	 * @return the response head
	 */
	public String lastHead() {
		return this.lastHead;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// ignore
		}
	}

}
