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

package dev.reuseport.autoconfigure;

import dev.reuseport.actuate.health.HttpCacheRedisHealthIndicator;
import dev.reuseport.autoconfigure.health.ReusePortCacheCoherenceHealthContributorAutoConfiguration;
import dev.reuseport.autoconfigure.metrics.ReusePortMetricsAutoConfiguration;
import dev.reuseport.cache.http.RedisResponseTier;
import dev.reuseport.metrics.HttpCacheRedisMeters;
import dev.reuseport.metrics.HttpCacheRedisMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the auto-configuration of the HTTP response cache's Redis tier
 * ({@code reuseport.cache.redis.share-responses}). No Redis is reached.
 *
 * @author reuseport team
 */
class ReusePortRedisTierAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, ReusePortCacheAutoConfiguration.class,
				ReusePortHttpCacheAutoConfiguration.class, ReusePortCacheCoherenceAutoConfiguration.class,
				ReusePortCacheCoherenceHealthContributorAutoConfiguration.class,
				ReusePortMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("spring.data.redis.port=1", "reuseport.cache.http.enabled=true",
				"reuseport.cache.redis.enabled=true");

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(RedisResponseTier.class)
			.doesNotHaveBean(HttpCacheRedisHealthIndicator.class)
			.doesNotHaveBean(HttpCacheRedisMetrics.class));
	}

	@Test
	void sharedResponsesGetTheTierItsHealthAndItsMeters() {
		this.contextRunner
			.withPropertyValues("reuseport.cache.redis.share-responses=true", "spring.application.name=shop")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(RedisResponseTier.class)
					.hasSingleBean(HttpCacheRedisHealthIndicator.class);
				assertThat(context.getBean(RedisResponseTier.class).getKeyPrefix()).isEqualTo("rp:shop:v1:");
				MeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(HttpCacheRedisMetrics.class).bindTo(registry);
				for (HttpCacheRedisMeters meter : HttpCacheRedisMeters.values()) {
					assertThat(registry.find(meter.getName()).tag("cache", "reuseport").meter()).as(meter.getName())
						.isNotNull();
				}
			});
	}

	@Test
	void sharedResponsesNeedTheLink() {
		this.contextRunner
			.withPropertyValues("reuseport.cache.redis.enabled=false", "reuseport.cache.redis.share-responses=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("'reuseport.cache.redis.share-responses' must be false unless "
						+ "reuseport.cache.redis.enabled=true"));
	}

	@Test
	void shortSigningKeyFailsWithoutShowingIt() {
		this.contextRunner
			.withPropertyValues("reuseport.cache.redis.share-responses=true",
					"reuseport.cache.redis.signing-key=too-short-secret")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'reuseport.cache.redis.signing-key' must be at least 32 characters")
				.message()
				.doesNotContain("too-short-secret"));
	}

}
