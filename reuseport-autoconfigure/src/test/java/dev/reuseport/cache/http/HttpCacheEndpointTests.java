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

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import dev.reuseport.testsupport.TestClients;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code reuseportcache} Actuator endpoint against a server with two
 * workers.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class HttpCacheEndpointTests {

	private ConfigurableApplicationContext context;

	private CacheClient client;

	private int managementPort;

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "management.server.port=0", "reuseport.workers=2",
					"reuseport.cache.http.enabled=true", "management.endpoints.web.exposure.include=reuseportcache",
					"spring.main.banner-mode=off", "spring.reactor.netty.shutdown-quiet-period=0")
			.properties(properties)
			.run();
		this.client = new CacheClient(
				TestClients.http(Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"))));
		this.managementPort = Integer.parseInt(this.context.getEnvironment().getProperty("local.management.port"));
	}

	/**
	 * POST to the endpoint and return {@code "<status> <version> <body>"}.
	 */
	private String post(String json) {
		return TestClients.postJson(TestClients.http(this.managementPort), "/actuator/reuseportcache", json);
	}

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void readShowsBothCachesWithoutTheTextOfKeysOrTags() {
		start();
		String query = CacheClient.unique("cc=max-age=60&tag=product-bob.smith@example.com");
		this.client.get(query);
		this.client.get(query);
		this.client.send(HttpMethod.GET, "/echo;jsessionid=SECRET123?" + CacheClient.unique("cc=max-age=60"));
		assertThat(TestClients.get(TestClients.http(this.managementPort), "/actuator/reuseportcache"))
			.startsWith("200 ")
			.contains("\"shared\":{\"name\":\"reuseport.shared\"")
			.contains("\"http\":{\"name\":\"reuseport\",\"entries\":2")
			.containsPattern("\"tags\":\\{\"hmac:[0-9a-f]{16}\":1}")
			.containsPattern("\"keys\":\\[\"hmac:[0-9a-f]{16}\",\"hmac:[0-9a-f]{16}\"]")
			.doesNotContain("bob.smith")
			.doesNotContain("SECRET123")
			.doesNotContain("/echo")
			.doesNotContain("localhost");
	}

	@Test
	void readCountsOutcomes() {
		start();
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		this.client.get(query);
		assertThat(TestClients.get(TestClients.http(this.managementPort), "/actuator/reuseportcache"))
			.contains("\"hitRatio\":0.5")
			.contains("\"outcomes\":{\"hit\":1,\"miss\":1,\"stale\":0,\"revalidated\":0,\"bypass\":0}");
	}

	@Test
	void keysAndTagsAreShownWhenShowValuesIsAlways() {
		start("management.endpoint.reuseportcache.show-values=always");
		String query = CacheClient.unique("cc=max-age=60&secret=token-abc&tag=shown");
		this.client.get(query);
		assertThat(TestClients.get(TestClients.http(this.managementPort), "/actuator/reuseportcache"))
			.contains("/echo?" + query)
			.contains("\"tags\":{\"shown\":1}");
	}

	@Test
	void keysAndTagsStayHiddenWhenAuthorizedWithoutAPrincipal() {
		start("management.endpoint.reuseportcache.show-values=when-authorized");
		String query = CacheClient.unique("cc=max-age=60&secret=token-abc&tag=hidden");
		this.client.get(query);
		assertThat(TestClients.get(TestClients.http(this.managementPort), "/actuator/reuseportcache"))
			.containsPattern("\"keys\":\\[\"hmac:[0-9a-f]{16}\"]")
			.doesNotContain("token-abc")
			.doesNotContain("hidden");
	}

	@Test
	void purgeIsOffByDefault() {
		start();
		this.client.get(CacheClient.unique("cc=max-age=60&tag=kept"));
		assertThat(post("{\"all\":true}")).startsWith("405 ");
		assertThat(this.context.getBean(HttpResponseCache.class).getEntries()).isEqualTo(1);
	}

	@Test
	void purgeByTagReachesEntriesWrittenByEveryWorker() {
		start("management.endpoint.reuseportcache.access=unrestricted");
		String tag = "t-" + UUID.randomUUID();
		Set<String> writers = new HashSet<>();
		Set<String> queries = new HashSet<>();
		for (int i = 0; i < 200 && (writers.size() < 2 || queries.size() < 4); i++) {
			String query = CacheClient.unique("cc=max-age=60&tag=" + tag);
			writers.add(this.client.get(query).header("X-Worker").replaceAll("-(epoll|io_uring|nio)-\\d+$", ""));
			queries.add(query);
		}
		assertThat(writers).as("entries written by two distinct workers").hasSize(2);
		assertThat(queries).allSatisfy((query) -> assertThat(this.client.get(query).hit()).isTrue());
		assertThat(post("{\"tags\":\"other " + tag + "\"}"))
			.isEqualTo("200 HTTP/1.1 {\"purged\":" + queries.size() + "}");
		assertThat(queries).allSatisfy((query) -> assertThat(this.client.get(query).body()).isEqualTo("v2"));
	}

	@Test
	void purgeByKeyAndAll() {
		start("management.endpoint.reuseportcache.access=unrestricted");
		String first = CacheClient.unique("cc=max-age=60");
		String second = CacheClient.unique("cc=max-age=60");
		this.client.get(first);
		this.client.get(second);
		assertThat(post("{\"key\":\"/echo?" + first + "\"}")).isEqualTo("200 HTTP/1.1 {\"purged\":1}");
		assertThat(this.client.get(first).body()).isEqualTo("v2");
		assertThat(this.client.get(second).hit()).isTrue();
		assertThat(post("{\"all\":true}")).isEqualTo("200 HTTP/1.1 {\"purged\":2}");
		assertThat(this.client.get(second).body()).isEqualTo("v2");
	}

	@Test
	void purgeWithoutTargetIs400() {
		start("management.endpoint.reuseportcache.access=unrestricted");
		assertThat(post("{}")).startsWith("400 ").contains("Name what to purge");
	}

}
