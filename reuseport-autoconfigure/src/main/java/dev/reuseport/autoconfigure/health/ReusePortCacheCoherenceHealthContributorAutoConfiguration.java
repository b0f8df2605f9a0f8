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

package dev.reuseport.autoconfigure.health;

import dev.reuseport.actuate.health.CacheCoherenceHealthIndicator;
import dev.reuseport.actuate.health.HttpCacheRedisHealthIndicator;
import dev.reuseport.autoconfigure.ReusePortCacheCoherenceAutoConfiguration;
import dev.reuseport.cache.coherence.CacheCoherence;
import dev.reuseport.cache.http.RedisTierStatistics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code reuseportCacheCoherence} health indicator, when the
 * link that keeps the caches of all instances coherent is on, and of the
 * {@code reuseportHttpCacheRedis} health indicator, when the HTTP response cache shares
 * its responses through Redis.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = ReusePortCacheCoherenceAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(CacheCoherence.class)
@ConditionalOnEnabledHealthIndicator("reuseportcachecoherence")
public final class ReusePortCacheCoherenceHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "reuseportCacheCoherenceHealthIndicator")
	CacheCoherenceHealthIndicator reuseportCacheCoherenceHealthIndicator(CacheCoherence cacheCoherence) {
		return new CacheCoherenceHealthIndicator(cacheCoherence);
	}

	@Bean
	@ConditionalOnBean(RedisTierStatistics.class)
	@ConditionalOnMissingBean(name = "reuseportHttpCacheRedisHealthIndicator")
	HttpCacheRedisHealthIndicator reuseportHttpCacheRedisHealthIndicator(RedisTierStatistics redisTier) {
		return new HttpCacheRedisHealthIndicator(redisTier);
	}

}
