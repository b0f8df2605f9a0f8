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

import java.nio.charset.StandardCharsets;

import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.coherence.CacheCoherence;
import dev.reuseport.cache.coherence.CacheCoherenceUnavailableException;
import dev.reuseport.cache.coherence.CacheCoherenceUnavailableException.Reason;
import dev.reuseport.cache.coherence.InvalidationTransport;
import dev.reuseport.cache.coherence.RedisInvalidationTransport;
import dev.reuseport.cache.http.HttpCacheWebFilter;
import dev.reuseport.cache.http.HttpResponseCache;
import dev.reuseport.cache.http.RedisResponseTier;
import dev.reuseport.cache.http.RedisTierSettings;
import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@link CacheCoherence} link that publishes every invalidation
 * of the shared cache and the HTTP response cache to the other instances of the
 * application through Redis pub/sub. Off unless
 * {@code reuseport.cache.redis.enabled=true}; then Lettuce must be there, with Spring
 * Data Redis's {@code LettuceConnectionFactory} or {@code reuseport.cache.redis.url}, or
 * start-up fails with what to add.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = { ReusePortCacheAutoConfiguration.class, ReusePortHttpCacheAutoConfiguration.class },
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnBooleanProperty("reuseport.cache.redis.enabled")
@EnableConfigurationProperties(ReusePortCacheProperties.class)
public final class ReusePortCacheCoherenceAutoConfiguration {

	private static final String LETTUCE = "io.lettuce.core.RedisClient";

	private static final String LETTUCE_CONNECTION_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	@Bean
	@ConditionalOnMissingBean
	CacheCoherence cacheCoherence(ObjectProvider<SharedCache> sharedCache,
			ObjectProvider<HttpResponseCache> httpResponseCache, InvalidationTransport transport,
			ReusePortCacheProperties properties) {
		return new CacheCoherence(sharedCache.getIfAvailable(), httpResponseCache.getIfAvailable(), transport,
				properties.getRedis().getMaxPending(), properties.getRedis().getPublishInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = LETTUCE)
	static class RedisTransportConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "reusePortCacheRedisConnector")
		RedisConnector reusePortCacheRedisConnector(ReusePortCacheProperties properties,
				ConfigurableListableBeanFactory beans) {
			ReusePortCacheProperties.Redis redis = properties.getRedis();
			if (redis.getUrl() != null) {
				return RedisConnector.forUrl(redis.getUrl(), redis.getTimeout());
			}
			if (!ClassUtils.isPresent(LETTUCE_CONNECTION_FACTORY, beans.getBeanClassLoader())) {
				throw new CacheCoherenceUnavailableException(Reason.NO_SPRING_DATA_REDIS);
			}
			return SpringDataRedis.connector(beans);
		}

		@Bean
		@ConditionalOnMissingBean(InvalidationTransport.class)
		RedisInvalidationTransport redisInvalidationTransport(
				@Qualifier("reusePortCacheRedisConnector") RedisConnector redisConnector,
				ReusePortCacheProperties properties, Environment environment) {
			ReusePortCacheProperties.Redis redis = properties.getRedis();
			String channel = (redis.getChannel() != null) ? redis.getChannel() : "reuseport:"
					+ environment.getProperty("spring.application.name", "application") + ":invalidations";
			return new RedisInvalidationTransport(redisConnector, channel, redis.getProbeInterval(),
					redis.getTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = LETTUCE)
	@ConditionalOnBooleanProperty("reuseport.cache.redis.share-responses")
	@ConditionalOnBean(HttpCacheWebFilter.class)
	static class ResponseTierConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisResponseTier redisResponseTier(@Qualifier("reusePortCacheRedisConnector") RedisConnector redisConnector,
				HttpResponseCache httpResponseCache, ReusePortCacheProperties properties, Environment environment) {
			ReusePortCacheProperties.Redis redis = properties.getRedis();
			String signingKey = redis.getSigningKey();
			RedisTierSettings settings = new RedisTierSettings(
					environment.getProperty("spring.application.name", "application"), redis.getLookupTimeout(),
					redis.getCoalesceWait(), redis.getLockTimeToLive(), redis.getMaxPendingWrites(),
					(int) Math.min(Integer.MAX_VALUE, redis.getCompressAbove().toBytes()),
					(signingKey != null) ? signingKey.getBytes(StandardCharsets.UTF_8) : null,
					redis.getBreakerFailures(), redis.getBreakerOpenFor(), redis.getMaxTimeToLive());
			return new RedisResponseTier(redisConnector, settings, httpResponseCache);
		}

		/**
		 * Hands the tier to the cache's filter once every bean exists: the filter depends
		 * on Actuator's endpoints (for the paths it never stores), which depend on the
		 * health indicators, one of which reports on the tier.
		 * @param filter the HTTP response cache's filter
		 * @param tier the tier
		 * @return the registration
		 */
		@Bean
		SmartInitializingSingleton redisResponseTierRegistration(ObjectProvider<HttpCacheWebFilter> filter,
				ObjectProvider<RedisResponseTier> tier) {
			return () -> filter.ifAvailable((cacheFilter) -> cacheFilter.setRedisTier(tier.getObject()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(LETTUCE)
	static class MissingRedisConfiguration {

		MissingRedisConfiguration() {
			throw new CacheCoherenceUnavailableException(
					ClassUtils.isPresent(LETTUCE_CONNECTION_FACTORY, MissingRedisConfiguration.class.getClassLoader())
							? Reason.NO_LETTUCE : Reason.NO_SPRING_DATA_REDIS);
		}

	}

	/**
	 * Borrows the client of Spring Data Redis's {@code LettuceConnectionFactory}; loaded
	 * only when Spring Data Redis is there.
	 */
	private static final class SpringDataRedis {

		static RedisConnector connector(ListableBeanFactory beans) {
			LettuceConnectionFactory factory = beans.getBeanProvider(LettuceConnectionFactory.class).getIfUnique();
			if (factory == null) {
				throw new CacheCoherenceUnavailableException(Reason.NO_LETTUCE_CONNECTION_FACTORY);
			}
			if (factory.isClusterAware()) {
				throw new CacheCoherenceUnavailableException(Reason.CLUSTER);
			}
			return RedisConnector.borrowing(() -> (RedisClient) factory.getRequiredNativeClient());
		}

	}

}
