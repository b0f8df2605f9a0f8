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

import java.util.HashMap;

import dev.reuseport.server.connection.ServedConnections;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerServerRequestObservationConvention}, without a server.
 *
 * @author reuseport team
 */
class WorkerServerRequestObservationConventionTests {

	private final WorkerServerRequestObservationConvention convention = new WorkerServerRequestObservationConvention(
			"http.server.requests");

	private static ServerRequestObservationContext context(ServerHttpRequest request) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(HttpStatus.OK);
		return new ServerRequestObservationContext(request, response, new HashMap<>());
	}

	@Test
	void springsKeysAndTheWorkerOfTheRequest() {
		EmbeddedChannel connection = ServedConnections.servedBy(3);
		ServerRequestObservationContext context = context(WorkerRequestsTests.requestOn(connection));
		KeyValues expected = new DefaultServerRequestObservationConvention("http.server.requests")
			.getLowCardinalityKeyValues(context)
			.and(KeyValue.of("worker", "3"));
		assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactlyElementsOf(expected);
		connection.finishAndReleaseAll();
	}

	@Test
	void workerFoundWhenTheObservationStartedIsKeptWhenItStops() {
		EmbeddedChannel connection = ServedConnections.servedBy(3);
		ServerRequestObservationContext started = context(WorkerRequestsTests.requestOn(connection));
		ServerRequestObservationContext released = context(MockServerHttpRequest.get("/hello").build());
		released.addLowCardinalityKeyValues(this.convention.getLowCardinalityKeyValues(started));
		assertThat(this.convention.getLowCardinalityKeyValues(released)).contains(KeyValue.of("worker", "3"));
		connection.finishAndReleaseAll();
	}

	@Test
	void noneWithoutAWorker() {
		assertThat(this.convention.getLowCardinalityKeyValues(context(MockServerHttpRequest.get("/hello").build())))
			.contains(KeyValue.of("worker", "none"));
	}

}
