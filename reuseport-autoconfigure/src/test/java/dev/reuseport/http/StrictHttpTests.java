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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * Tests for {@link StrictHttpServerCustomizer}, each case on a raw socket.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class StrictHttpTests {

	private ConfigurableApplicationContext context;

	private int port;

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(BodyApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.properties(properties)
			.run();
		this.port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	/**
	 * Send raw bytes and return everything the server sends until it closes the
	 * connection, or until 3 s pass (then with a trailing {@code [open]}).
	 */
	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(3000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
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
	}

	@Test
	void unknownTransferEncodingWithContentLengthIs400AndClosed() throws IOException {
		start();
		String response = exchange(
				"POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n" + "Content-Length: 3\r\n\r\nabc");
		assertThat(response).startsWith("HTTP/1.1 400 ").contains("connection: close").doesNotEndWith("[open]");
	}

	@Test
	void unknownTransferEncodingAloneIs400AndTheBodyIsNeverARequest() throws IOException {
		start();
		String response = exchange("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n"
				+ "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 400 ").doesNotContain("hello").doesNotEndWith("[open]");
	}

	@Test
	void repeatedChunkedIs400() throws IOException {
		start();
		assertThat(exchange("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ")
			.doesNotEndWith("[open]");
		assertThat(exchange("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
				+ "3\r\nabc\r\n0\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ");
	}

	@Test
	void chunkedWithContentLengthIs400() throws IOException {
		start();
		assertThat(exchange("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
				+ "3\r\nabc\r\n0\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ")
			.doesNotEndWith("[open]");
	}

	@Test
	void chunkedBodyIsServed() throws IOException {
		start();
		assertThat(exchange("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
				+ "3\r\nabc\r\n0\r\n\r\n"))
			.startsWith("HTTP/1.1 200 ")
			.endsWith("3");
	}

	@Test
	void missingOrRepeatedHostIs400OnHttp11() throws IOException {
		start();
		assertThat(exchange("GET /hello HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ").doesNotEndWith("[open]");
		assertThat(exchange("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).startsWith("HTTP/1.1 400 ");
		assertThat(exchange("GET /hello HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200 ").endsWith("hello");
	}

	@Test
	void otherMajorVersionIs505AndHigherMinorIsServedAs11() throws IOException {
		start();
		assertThat(exchange("GET /hello HTTP/9.9\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 505 ")
			.doesNotEndWith("[open]");
		assertThat(exchange("GET /hello HTTP/1.2\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ")
			.endsWith("hello");
	}

	@Test
	void tooManyHeaderFieldsAre431WithOneShortWarning(CapturedOutput output) throws IOException {
		start();
		StringBuilder request = new StringBuilder("GET /hello HTTP/1.1\r\nHost: a\r\n");
		for (int i = 0; i < 1000; i++) {
			request.append("X-Field-").append(i).append(": ").append("v".repeat(10)).append("\r\n");
		}
		assertThat(exchange(request.append("\r\n").toString())).startsWith("HTTP/1.1 431 ");
		for (int i = 0; i < 20; i++) {
			exchange("GET /hello HTTP/1.1\r\n\r\n");
		}
		assertThat(output.toString().lines().filter((line) -> line.contains("Rejected an HTTP request")).count())
			.isBetween(1L, 3L);
		assertThat(output).doesNotContain("X-Field-999");
	}

	@Test
	void lenientWhenSwitchedOff() throws IOException {
		start("reuseport.strict-http=false");
		assertThat(exchange("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\nContent-Length: 3\r\n"
				+ "Connection: close\r\n\r\nabc"))
			.startsWith("HTTP/1.1 200 ");
	}

	@Test
	void appliesToSpringBootsOwnServer() throws IOException {
		start("reuseport.enabled=false");
		assertThat(exchange("GET /hello HTTP/9.9\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 505 ");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BodyApplication {

		@Bean
		RouterFunction<ServerResponse> routes() {
			return RouterFunctions.route()
				.GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello"))
				.POST("/body",
						(request) -> request.bodyToMono(String.class)
							.defaultIfEmpty("")
							.flatMap((body) -> ServerResponse.ok().bodyValue(Integer.toString(body.length()))))
				.build();
		}

	}

}
