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

import java.util.List;

import dev.reuseport.actuate.health.CacheCoherenceHealthIndicator;
import dev.reuseport.autoconfigure.health.ReusePortCacheCoherenceHealthContributorAutoConfiguration;
import dev.reuseport.autoconfigure.metrics.ReusePortMetricsAutoConfiguration;
import dev.reuseport.cache.coherence.CacheCoherence;
import dev.reuseport.cache.coherence.CacheCoherenceUnavailableException;
import dev.reuseport.cache.coherence.InvalidationTransport;
import dev.reuseport.cache.coherence.RedisInvalidationTransport;
import dev.reuseport.metrics.CacheCoherenceMeters;
import dev.reuseport.metrics.CacheCoherenceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReusePortCacheCoherenceAutoConfiguration} and the cache coherence
 * parts of the health and metrics auto-configurations. The link is never started here:
 * the runner does not refresh lifecycle beans into running servers, and no Redis is
 * reached.
 *
 * @author reuseport team
 */
class ReusePortCacheCoherenceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class,
					ReusePortCacheAutoConfiguration.class, ReusePortCacheCoherenceAutoConfiguration.class,
					ReusePortCacheCoherenceHealthContributorAutoConfiguration.class,
					ReusePortMetricsAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(CacheCoherence.class)
			.doesNotHaveBean(InvalidationTransport.class)
			.doesNotHaveBean(CacheCoherenceHealthIndicator.class));
	}

	@Test
	void enabledLinksTheSharedCacheThroughRedis() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(CacheCoherence.class)
				.hasSingleBean(RedisInvalidationTransport.class)
				.hasSingleBean(CacheCoherenceHealthIndicator.class);
			assertThat(context.getBean(CacheCoherence.class).isConnected()).isFalse();
		});
	}

	@Test
	void defaultChannelIsNamedAfterTheApplication() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true", "spring.application.name=shop")
			.run((context) -> assertThat(context.getBean(CacheCoherence.class).getChannel())
				.isEqualTo("reuseport:shop:invalidations"));
	}

	@Test
	void defaultChannelWithoutApplicationName() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true")
			.run((context) -> assertThat(context.getBean(CacheCoherence.class).getChannel())
				.isEqualTo("reuseport:application:invalidations"));
	}

	@Test
	void channelCanBeSet() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true", "reuseport.cache.redis.channel=c1")
			.run((context) -> assertThat(context.getBean(CacheCoherence.class).getChannel()).isEqualTo("c1"));
	}

	@Test
	void blankChannelFailsWithItsName() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true", "reuseport.cache.redis.channel= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("'reuseport.cache.redis.channel' must not be blank but was"));
	}

	@Test
	void enabledWithoutSpringDataRedisFailsWithTheDependencyToAdd() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(CacheCoherenceUnavailableException.class)
				.hasMessageContaining("Spring Data Redis is not on the class path"));
	}

	@Test
	void enabledWithoutConnectionFactoryFailsWithWhatIsMissing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortCacheAutoConfiguration.class,
					ReusePortCacheCoherenceAutoConfiguration.class))
			.withPropertyValues("reuseport.cache.redis.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(CacheCoherenceUnavailableException.class)
				.hasMessageContaining("no LettuceConnectionFactory bean"));
	}

	@Test
	void urlNeedsOnlyLettuce() {
		this.contextRunner
			.withPropertyValues("reuseport.cache.redis.enabled=true", "reuseport.cache.redis.url=redis://127.0.0.1:1")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisInvalidationTransport.class));
	}

	@Test
	void urlMustBeARedisUrl() {
		this.contextRunner
			.withPropertyValues("reuseport.cache.redis.enabled=true", "reuseport.cache.redis.url=http://cache:6379")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("'reuseport.cache.redis.url' must start with redis:// or rediss://"));
	}

	@Test
	void redisClusterFailsWithTheUrlToSet() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortCacheAutoConfiguration.class,
					ReusePortCacheCoherenceAutoConfiguration.class))
			.withBean(LettuceConnectionFactory.class,
					() -> new LettuceConnectionFactory(new RedisClusterConfiguration(List.of("127.0.0.1:1"))))
			.withPropertyValues("reuseport.cache.redis.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(CacheCoherenceUnavailableException.class)
				.hasMessageContaining("Redis Cluster"));
	}

	@Test
	void userTransportIsUsed() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true")
			.withUserConfiguration(UserTransportConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(RedisInvalidationTransport.class)
				.getBean(CacheCoherence.class)
				.extracting(CacheCoherence::getChannel)
				.isEqualTo("user"));
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.contextRunner
			.withPropertyValues("reuseport.cache.redis.enabled=true",
					"management.health.reuseportcachecoherence.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(CacheCoherence.class)
				.doesNotHaveBean(CacheCoherenceHealthIndicator.class));
	}

	@Test
	void metersAreBoundWithTheChannel() {
		this.contextRunner.withPropertyValues("reuseport.cache.redis.enabled=true", "reuseport.cache.redis.channel=c1")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheCoherenceMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(CacheCoherenceMetrics.class).bindTo(registry);
				for (CacheCoherenceMeters meter : CacheCoherenceMeters.values()) {
					assertThat(registry.find(meter.getName()).tag("channel", "c1").meter()).as(meter.getName())
						.isNotNull();
				}
				assertThat(registry.get(CacheCoherenceMeters.CONNECTED.getName()).gauge().value()).isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransportConfiguration {

		@Bean
		InvalidationTransport userTransport() {
			return new InvalidationTransport() {

				@Override
				public void start(Receiver receiver) {
				}

				@Override
				public void stop() {
				}

				@Override
				public Mono<Void> publish(String message) {
					return Mono.empty();
				}

				@Override
				public boolean isConnected() {
					return true;
				}

				@Override
				public long getReconnects() {
					return 0;
				}

				@Override
				public String getChannel() {
					return "user";
				}

			};
		}

	}

}
