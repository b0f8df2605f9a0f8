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

import java.net.URI;

import dev.reuseport.server.connection.ServedConnections;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerRequests}.
 *
 * @author reuseport team
 */
class WorkerRequestsTests {

	private final EmbeddedChannel connection = ServedConnections.servedBy(5);

	@AfterEach
	void closeConnection() {
		this.connection.finishAndReleaseAll();
	}

	@Test
	void requestOnAWorkersConnectionNamesTheWorker() {
		assertThat(WorkerRequests.workerOf(requestOn(this.connection))).hasValue(5);
	}

	@Test
	void decoratedAndMutatedRequestsAreUnwrapped() {
		ServerHttpRequest request = requestOn(this.connection);
		assertThat(WorkerRequests.workerOf(new ServerHttpRequestDecorator(request))).hasValue(5);
		assertThat(WorkerRequests.workerOf(request.mutate().path("/other").build())).hasValue(5);
	}

	@Test
	void requestWithoutAConnectionNamesNone() {
		assertThat(WorkerRequests.workerOf(MockServerHttpRequest.get("/hello").build())).isEmpty();
	}

	/**
	 * Return a request whose native request is a Reactor Netty connection on the given
	 * channel, as Spring's Reactor Netty adapter passes them.
	 * @param channel the connection's channel
	 * @return the request
	 */
	static ServerHttpRequest requestOn(Channel channel) {
		return new ConnectionRequest(Connection.from(channel));
	}

	private static final class ConnectionRequest extends AbstractServerHttpRequest {

		private final Connection connection;

		ConnectionRequest(Connection connection) {
			super(HttpMethod.GET, URI.create("http://localhost/hello"), null, new HttpHeaders());
			this.connection = connection;
		}

		@Override
		protected MultiValueMap<String, HttpCookie> initCookies() {
			return new LinkedMultiValueMap<>();
		}

		@Override
		protected @Nullable SslInfo initSslInfo() {
			return null;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getNativeRequest() {
			return (T) this.connection;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.empty();
		}

	}

}
