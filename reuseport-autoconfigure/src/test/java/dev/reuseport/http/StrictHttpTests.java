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

package dev.reuseport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StrictHttpServerCustomizer}, each case on a raw socket against the
 * same application with {@code reuseport.strict-http} on and, as the control, off. Where
 * Netty 4.2's own decoder already rejects a shape with a {@code 400} and a close (its RFC
 * 9112 checks), the test says so, and what is ours is the log line, tested on its own.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(Lifecycle.PER_CLASS)
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class StrictHttpTests {

	private static final String HELLO = "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

	private ConfigurableApplicationContext strictContext;

	private ConfigurableApplicationContext lenientContext;

	@BeforeAll
	void start() {
		this.strictContext = start("reuseport.strict-http=true");
		this.lenientContext = start("reuseport.strict-http=false");
	}

	@AfterAll
	void close() {
		this.strictContext.close();
		this.lenientContext.close();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(BodyApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private String strict(String request) throws IOException {
		return exchange(port(this.strictContext), request);
	}

	private String lenient(String request) throws IOException {
		return exchange(port(this.lenientContext), request);
	}

	/**
	 * Send raw bytes and return everything the server sends until it closes the
	 * connection, or until 3 s pass (then with a trailing {@code [open]}).
	 */
	private static String exchange(int port, String request) throws IOException {
		try (Socket socket = connect(port)) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return readAll(socket);
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(3000);
		return socket;
	}

	private static String readAll(Socket socket) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			return received.toString(StandardCharsets.ISO_8859_1) + "[open]";
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Netty 4.2.18 rejects these itself
	 * ({@code The final transfer coding must be chunked},
	 * {@code chunked transfer coding must not be applied more than once},
	 * {@code Content-Length are not allowed}; 4.2.17 still served an unknown coding with
	 * a {@code Content-Length}), so strict mode changes only the log line
	 * ({@link #rejectionsAreLoggedAtMostOnceASecondInsteadOfOncePerRequest}).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "Transfer-Encoding: xchunked\r\n\r\n" + HELLO,
			"Transfer-Encoding: xchunked\r\nContent-Length: 3\r\n\r\nabc",
			"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
			"Transfer-Encoding: chunked, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
			"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n" })
	void transferEncodingShapesNettyRejectsItselfAre400AndClosedEitherWay(String rest) throws IOException {
		String request = "POST /body HTTP/1.1\r\nHost: a\r\n" + rest;
		assertThat(strict(request)).startsWith("HTTP/1.1 400 ")
			.contains("connection: close")
			.doesNotContain("hello")
			.doesNotEndWith("[open]");
		assertThat(lenient(request)).startsWith("HTTP/1.1 400 ").doesNotContain("hello").doesNotEndWith("[open]");
	}

	@Test
	void chunkedBodyIsServed() throws IOException {
		String request = "POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
				+ "3\r\nabc\r\n0\r\n\r\n";
		assertThat(strict(request)).startsWith("HTTP/1.1 200 ").endsWith("3");
	}

	@Test
	void chunkedBodySentInSeveralWritesIsServed() throws IOException {
		try (Socket socket = connect(port(this.strictContext))) {
			OutputStream out = socket.getOutputStream();
			out.write("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BodyApplication application = this.strictContext.getBean(BodyApplication.class);
			assertThat(application.awaitBodyReads(1)).isTrue();
			out.write("3\r\nabc\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			out.write("2\r\nde\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(readAll(socket)).startsWith("HTTP/1.1 200 ").endsWith("5");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "FFFFFFFFFFFFFFFFF4\r\nabc\r\n0\r\n\r\n", "-4\r\nabcd\r\n0\r\n\r\n",
			"4\r\nabcdefgh\r\n0\r\n\r\n" })
	void malformedChunkedBodyNeverReachesTheHandler(String body) throws IOException {
		String id = UUID.randomUUID().toString();
		String request = "POST /change/" + id + " HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
		assertThat(strict(request)).startsWith("HTTP/1.1 400 ").contains("connection: close").doesNotEndWith("[open]");
		assertThat(this.strictContext.getBean(BodyApplication.class).changes(id)).isZero();
		assertThat(lenient(request)).startsWith("HTTP/1.1 204 ").contains("HTTP/1.1 400 ");
		assertThat(this.lenientContext.getBean(BodyApplication.class).changes(id)).isOne();
	}

	@Test
	void malformedChunkedBodyInALaterReadClosesTheConnection() throws IOException {
		try (Socket socket = connect(port(this.strictContext))) {
			OutputStream out = socket.getOutputStream();
			BodyApplication application = this.strictContext.getBean(BodyApplication.class);
			int reads = application.bodyReads();
			out.write("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(application.awaitBodyReads(reads + 1)).isTrue();
			out.write("-4\r\nabcd\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(readAll(socket)).isEmpty();
		}
	}

	@Test
	void missingOrRepeatedHostIs400OnHttp11() throws IOException {
		for (String request : new String[] { "GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n",
				"GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n" }) {
			assertThat(strict(request)).startsWith("HTTP/1.1 400 ").doesNotEndWith("[open]");
			assertThat(lenient(request)).startsWith("HTTP/1.1 200 ");
		}
		assertThat(strict("GET /hello HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200 ").endsWith("hello");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b", "a, b", "a,b", "a/b", "[zz]", "a@b", "a%2" })
	void malformedHostIs400AndClosed(String host) throws IOException {
		String request = "GET /hello HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
		assertThat(strict(request)).startsWith("HTTP/1.1 400 ").contains("connection: close").doesNotEndWith("[open]");
		assertThat(lenient(request)).startsWith("HTTP/1.1 200 ");
	}

	/**
	 * Reactor Netty rejects a port that is not a number itself.
	 */
	@Test
	void hostWithInvalidPortIs400EitherWay() throws IOException {
		String request = "GET /hello HTTP/1.1\r\nHost: a:8x\r\n\r\n";
		assertThat(strict(request)).startsWith("HTTP/1.1 400 ").contains("connection: close");
		assertThat(lenient(request)).startsWith("HTTP/1.1 400 ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "example.com", "example.com:8080", "127.0.0.1", "[::1]:8080", "EXAMPLE.com", "" })
	void validHostIsServed(String host) throws IOException {
		assertThat(strict("GET /hello HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200 ")
			.endsWith("hello");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/hel\u0000lo", "/hello\u0001", "/hel\u007flo", "/hello?a=1|2", "/hel%zzlo", "/hel#lo",
			"/hel\"lo", "/hel<lo", "/hel\\lo", "/hel{lo}", "hello", "/caf\u0085" })
	void invalidRequestTargetIs400AndClosesTheConnection(String target) throws IOException {
		String request = "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n" + HELLO;
		assertThat(strict(request)).startsWith("HTTP/1.1 400 ")
			.contains("connection: close")
			.doesNotContain("hello")
			.doesNotEndWith("[open]");
		assertThat(lenient(request)).endsWith("hello");
	}

	@Test
	void targetWithPercentEncodingsAndNonAsciiIsServed() throws IOException {
		assertThat(strict("GET /hello?q=a%20b&r=caf\u00e9 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200 ");
	}

	@Test
	void absoluteFormTargetWinsOverHost() throws IOException {
		String request = "GET http://other.example:8081/host?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
		assertThat(strict(request)).startsWith("HTTP/1.1 200 ").endsWith("other.example:8081 /host?x=1");
		assertThat(lenient(request)).startsWith("HTTP/1.1 200 ").endsWith("127.0.0.1 /host?x=1");
	}

	@Test
	void otherMajorVersionIs505() throws IOException {
		String request = "GET /hello HTTP/9.9\r\nHost: a\r\nConnection: close\r\n\r\n";
		assertThat(strict(request)).startsWith("HTTP/1.1 505 ").doesNotEndWith("[open]");
		assertThat(lenient(request)).startsWith("HTTP/9.9 200 ");
	}

	@Test
	void higherMinorVersionIsServedAs11() throws IOException {
		String request = "GET /hello HTTP/1.2\r\nHost: a\r\nConnection: close\r\n\r\n";
		assertThat(strict(request)).startsWith("HTTP/1.1 200 ").endsWith("hello");
		assertThat(lenient(request)).startsWith("HTTP/1.2 200 ");
	}

	/**
	 * Netty rejects too many header fields with a {@code 431} itself; strict mode changes
	 * only the log line.
	 */
	@Test
	void tooManyHeaderFieldsAre431EitherWay() throws IOException {
		String request = tooManyHeaderFields();
		assertThat(strict(request)).startsWith("HTTP/1.1 431 ").doesNotEndWith("[open]");
		assertThat(lenient(request)).startsWith("HTTP/1.1 431 ");
	}

	@Test
	void rejectionsAreLoggedAtMostOnceASecondInsteadOfOncePerRequest(CapturedOutput output) throws IOException {
		String[] rejected = { "POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
				"POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-4\r\nabcd\r\n0\r\n\r\n",
				tooManyHeaderFields() };
		int requests = 30;
		try (ConfigurableApplicationContext strict = start("reuseport.strict-http=true")) {
			long start = System.nanoTime();
			for (int i = 0; i < requests; i++) {
				assertThat(exchange(port(strict), rejected[i % rejected.length])).startsWith("HTTP/1.1 4");
			}
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
			assertThat(lines(output, "Rejected an HTTP request")).isBetween(1L, 1 + seconds);
			assertThat(lines(output, "Decoding failed")).isZero();
			assertThat(output).doesNotContain("X-Field-999");
		}
		try (ConfigurableApplicationContext lenient = start("reuseport.strict-http=false")) {
			for (int i = 0; i < requests; i++) {
				exchange(port(lenient), rejected[i % rejected.length]);
			}
			assertThat(lines(output, "Decoding failed")).isEqualTo(requests);
		}
	}

	@Test
	void appliesToSpringBootsOwnServer() throws IOException {
		try (ConfigurableApplicationContext boot = start("reuseport.enabled=false")) {
			assertThat(exchange(port(boot), "GET /hello HTTP/9.9\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 505 ");
		}
	}

	private static String tooManyHeaderFields() {
		StringBuilder request = new StringBuilder("GET /hello HTTP/1.1\r\nHost: a\r\n");
		for (int i = 0; i < 1000; i++) {
			request.append("X-Field-").append(i).append(": ").append("v".repeat(10)).append("\r\n");
		}
		return request.append("\r\n").toString();
	}

	private static long lines(CapturedOutput output, String text) {
		return output.toString().lines().filter((line) -> line.contains(text)).count();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BodyApplication {

		private final Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();

		private final AtomicInteger bodyReads = new AtomicInteger();

		int changes(String id) {
			AtomicInteger count = this.changes.get(id);
			return (count != null) ? count.get() : 0;
		}

		int bodyReads() {
			return this.bodyReads.get();
		}

		boolean awaitBodyReads(int reads) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (this.bodyReads.get() < reads) {
				if (System.nanoTime() > deadline) {
					return false;
				}
				Thread.onSpinWait();
			}
			return true;
		}

		@Bean
		RouterFunction<ServerResponse> routes() {
			return RouterFunctions.route()
				.GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello"))
				.GET("/host",
						(request) -> ServerResponse.ok()
							.bodyValue(request.uri().getRawAuthority() + " " + request.uri().getRawPath() + "?"
									+ request.uri().getRawQuery()))
				.POST("/change/{id}", (request) -> {
					this.changes.computeIfAbsent(request.pathVariable("id"), (id) -> new AtomicInteger())
						.incrementAndGet();
					return ServerResponse.noContent().build();
				})
				.POST("/body", (request) -> {
					this.bodyReads.incrementAndGet();
					return request.bodyToMono(String.class)
						.defaultIfEmpty("")
						.flatMap((body) -> ServerResponse.ok().bodyValue(Integer.toString(body.length())));
				})
				.build();
		}

	}

}
