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
 * Tests that Actuator's endpoints are never stored by the HTTP response cache, whatever
 * {@code reuseport.cache.http.default-time-to-live} allows, on the main port and on a
 * management port of their own, with and without early hits.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class HttpCacheActuatorExclusionTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@ParameterizedTest(name = "management port of its own: {0}, early hits: {1}, base path: {2}")
	@CsvSource({ "false, false, /actuator", "false, true, /actuator", "true, false, /actuator", "false, false, /manage",
			"false, true, /" })
	void actuatorEndpointsAreNeverStored(boolean ownPort, boolean earlyHits, String basePath) {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.default-time-to-live=60s",
					"reuseport.cache.http.serve-hits-early=" + earlyHits,
					"management.endpoints.web.exposure.include=health,info,reuseportcache,reuseport",
					"management.endpoints.web.base-path=" + basePath, "management.endpoint.health.probes.enabled=true",
					"management.health.redis.enabled=false", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.properties(ownPort ? "management.server.port=0" : "management.server.port=")
			.run();
		int port = port("local.server.port");
		int managementPort = ownPort ? port("local.management.port") : port;
		CacheClient main = new CacheClient(port);
		CacheClient management = new CacheClient(managementPort);
		String prefix = basePath.equals("/") ? "" : basePath;
		String query = CacheClient.unique("x=1");
		main.get(query);
		assertThat(main.get(query).hit()).as("a response without freshness is stored for the default TTL").isTrue();
		for (String path : new String[] { prefix + "/health/readiness", prefix + "/health", prefix + "/reuseportcache",
				prefix + "/reuseport", prefix + "/info" }) {
			management.send(HttpMethod.GET, path);
			Reply second = management.send(HttpMethod.GET, path);
			assertThat(second.status()).as(path).isEqualTo(200);
			assertThat(second.hit()).as(path).isFalse();
			assertThat(second.cacheStatus()).as(path).doesNotContain("stored");
		}
		HttpResponseCache cache = this.context.getBean(HttpResponseCache.class);
		assertThat(cache.getKeys(1000)).allMatch((key) -> key.contains("/echo?"), "only /echo is stored");
	}

	private int port(String property) {
		return Integer.parseInt(this.context.getEnvironment().getProperty(property));
	}

}
