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

package dev.reuseport.cache.http;

import java.util.UUID;

import dev.reuseport.cache.http.CacheClient.Reply;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that forwarded header fields cannot poison the HTTP response cache: the key is
 * the target the application sees, so a forwarded host or scheme the application honours
 * ({@code server.forward-headers-strategy=native} or {@code framework}) makes its own
 * entry, and one it ignores ({@code none}) changes nothing. With and without early hits.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class HttpCacheForwardedHeadersTests {

	private ConfigurableApplicationContext context;

	private CacheClient client;

	private int port;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	private void start(String strategy, boolean earlyHits) {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.serve-hits-early=" + earlyHits, "server.forward-headers-strategy=" + strategy,
					"spring.main.banner-mode=off", "spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		this.port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		this.client = new CacheClient(this.port);
	}

	private Reply self(String query, String... headers) {
		return this.client.send(HttpMethod.GET, "/self?" + query, headers);
	}

	@ParameterizedTest(name = "{0}, early hits {1}")
	@CsvSource({ "native, false", "native, true", "framework, false", "framework, true" })
	void forwardedHostTheApplicationHonoursIsPartOfTheKey(String strategy, boolean earlyHits) {
		start(strategy, earlyHits);
		String query = "q=" + UUID.randomUUID();
		Reply poisoned = self(query, "X-Forwarded-Host", "evil.example");
		assertThat(poisoned.body()).startsWith("http://evil.example/self ");
		Reply plain = self(query);
		assertThat(plain.body()).startsWith("http://").doesNotContain("evil").endsWith(":" + this.port + "/self v2");
		assertThat(plain.hit()).isFalse();
		Reply again = self(query);
		assertThat(again.body()).isEqualTo(plain.body());
		assertThat(again.hit()).isTrue();
		assertThat(self(query, "X-Forwarded-Host", "evil.example").body()).isEqualTo("http://evil.example/self v1");
	}

	@ParameterizedTest(name = "{0}, early hits {1}")
	@CsvSource({ "native, false", "native, true", "framework, false", "framework, true" })
	void forwardedSchemeTheApplicationHonoursIsPartOfTheKey(String strategy, boolean earlyHits) {
		start(strategy, earlyHits);
		String query = "q=" + UUID.randomUUID();
		assertThat(self(query, "X-Forwarded-Proto", "https").body()).startsWith("https://").endsWith(" v1");
		Reply plain = self(query);
		assertThat(plain.body()).startsWith("http://").endsWith(":" + this.port + "/self v2");
		assertThat(self(query, "X-Forwarded-Proto", "https").hit()).isTrue();
		assertThat(self(query).hit()).isTrue();
	}

	@ParameterizedTest(name = "{0}, early hits {1}")
	@CsvSource({ "none, false", "none, true" })
	void forwardedHostTheApplicationIgnoresChangesNothing(String strategy, boolean earlyHits) {
		start(strategy, earlyHits);
		String query = "q=" + UUID.randomUUID();
		Reply forwarded = self(query, "X-Forwarded-Host", "evil.example");
		assertThat(forwarded.body()).startsWith("http://").doesNotContain("evil").endsWith(" v1");
		Reply plain = self(query);
		assertThat(plain.body()).isEqualTo(forwarded.body());
		assertThat(plain.hit()).isTrue();
	}

	@ParameterizedTest(name = "early hits {0}")
	@CsvSource({ "false", "true" })
	void purgeByHostAndPathRemovesBothSchemes(boolean earlyHits) {
		start("native", earlyHits);
		String query = "q=" + UUID.randomUUID();
		self(query, "X-Forwarded-Proto", "https");
		self(query);
		HttpResponseCache cache = this.context.getBean(HttpResponseCache.class);
		String http = cache.getKeys(1000)
			.stream()
			.filter((key) -> key.endsWith("/self?" + query) && !key.startsWith("https://"))
			.findFirst()
			.orElseThrow();
		assertThat(cache.getKeys(1000)).contains("https://" + http);
		assertThat(cache.invalidate(http)).isEqualTo(2);
		assertThat(self(query).hit()).isFalse();
	}

}
