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

package dev.reuseport.sample;

import java.time.Duration;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the sample's catalog endpoints show the caches as documented.
 *
 * @author reuseport team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "reuseport.workers=2")
class CatalogCachingTests {

	@LocalServerPort
	private int port;

	private Reply request(String method, String path) {
		return HttpClient.create()
			.port(this.port)
			.request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
			.uri(path)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text)))
			.block(Duration.ofSeconds(10));
	}

	@Test
	void productPageIsRenderedOnceThenServedFromTheCacheUntilItChanges() {
		Reply first = request("GET", "/products/7");
		assertThat(first.headers().get("Cache-Status")).isEqualTo("reuseport; fwd=uri-miss; fwd-status=200; stored");
		assertThat(first.headers().get("Cache-Tag")).isNull();
		Reply second = request("GET", "/products/7");
		assertThat(second.headers().get("Cache-Status")).startsWith("reuseport; hit");
		assertThat(second.body()).isEqualTo(first.body()).contains("version 0");
		assertThat(request("POST", "/products/7").status()).isEqualTo(204);
		Reply changed = request("GET", "/products/7");
		assertThat(changed.headers().get("Cache-Status")).startsWith("reuseport; fwd=uri-miss");
		assertThat(changed.body()).contains("version 1");
	}

	@Test
	void stockIsLoadedOnceForConcurrentRequests() {
		List<String> bodies = Flux.range(0, 20)
			.flatMap((i) -> HttpClient.create()
				.port(this.port)
				.get()
				.uri("/stock/42")
				.responseContent()
				.aggregate()
				.asString())
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(bodies).hasSize(20).containsOnly("42 in stock (load #1)");
	}

	record Reply(int status, HttpHeaders headers, String body) {

	}

}
