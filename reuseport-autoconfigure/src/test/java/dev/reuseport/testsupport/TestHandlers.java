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

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * {@link HttpHandler}s for server tests.
 *
 * @author reuseport team
 */
public final class TestHandlers {

	private TestHandlers() {
	}

	/**
	 * Answer {@code /slow} after 1.5 s with {@code slow}, anything else at once with the
	 * name of the serving thread.
	 * @return the handler
	 */
	public static HttpHandler threadName() {
		return (request, response) -> {
			String body = Thread.currentThread().getName();
			if (request.getPath().value().startsWith("/slow")) {
				return Mono.delay(Duration.ofMillis(1500)).then(Mono.defer(() -> write(response, "slow")));
			}
			return write(response, body);
		};
	}

	private static Mono<Void> write(ServerHttpResponse response, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		response.getHeaders().setContentLength(bytes.length);
		return response.writeWith(Mono.just(buffer));
	}

}
