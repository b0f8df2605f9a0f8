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

package dev.reuseport.web;

import java.util.OptionalInt;

import dev.reuseport.server.connection.ServingWorker;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * Tells which worker serves a request, from the request's connection, on any thread and
 * only when asked: nothing is written per request.
 *
 * @author reuseport team
 * @since 0.1.0
 * @see ServingWorker
 */
public final class WorkerRequests {

	private WorkerRequests() {
	}

	/**
	 * Return the index of the worker that serves a request, while the request is being
	 * handled.
	 * @param request the request, as Spring WebFlux passes it (decorated or mutated
	 * requests are unwrapped)
	 * @return the worker index, or empty when the request did not come through a worker
	 * (Spring Boot's own server, a mock request) or Reactor Netty has already released it
	 */
	public static OptionalInt workerOf(ServerHttpRequest request) {
		ServerHttpRequest current = request;
		while (current instanceof ServerHttpRequestDecorator decorator) {
			current = decorator.getDelegate();
		}
		if (current instanceof AbstractServerHttpRequest abstractRequest
				&& nativeRequest(abstractRequest) instanceof Connection connection) {
			return ServingWorker.of(connection.channel());
		}
		return OptionalInt.empty();
	}

	private static @Nullable Object nativeRequest(AbstractServerHttpRequest request) {
		try {
			return request.getNativeRequest();
		}
		catch (IllegalStateException ex) {
			// Spring's mock requests have none
			return null;
		}
	}

}
