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

package dev.reuseport.autoconfigure.metrics;

import dev.reuseport.autoconfigure.ReusePortCacheAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortCacheCoherenceAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortDistributedOffloadAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortHttpCacheAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortOffloadAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortWebServerAutoConfiguration;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.coherence.CacheCoherence;
import dev.reuseport.cache.http.HttpResponseCache;
import dev.reuseport.cache.http.RedisTierStatistics;
import dev.reuseport.metrics.CacheCoherenceMetrics;
import dev.reuseport.metrics.DistributedOffloadMetrics;
import dev.reuseport.metrics.HttpCacheRedisMetrics;
import dev.reuseport.metrics.OffloadMetrics;
import dev.reuseport.metrics.ReusePortCacheMetrics;
import dev.reuseport.metrics.ReusePortWorkerMetrics;
import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.distributed.TaskSubmitter;
import dev.reuseport.offload.distributed.TaskWorker;
import dev.reuseport.server.supervision.WorkerGroup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of reuseport's Micrometer meters.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(
		after = { ReusePortOffloadAutoConfiguration.class, ReusePortWebServerAutoConfiguration.class,
				ReusePortCacheAutoConfiguration.class, ReusePortHttpCacheAutoConfiguration.class,
				ReusePortCacheCoherenceAutoConfiguration.class, ReusePortDistributedOffloadAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean(MeterRegistry.class)
public final class ReusePortMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(OffloadScheduler.class)
	@ConditionalOnMissingBean
	OffloadMetrics offloadMetrics(OffloadScheduler offloadScheduler) {
		return new OffloadMetrics(offloadScheduler);
	}

	@Bean
	@ConditionalOnBean(WorkerGroup.class)
	@ConditionalOnMissingBean
	ReusePortWorkerMetrics reusePortWorkerMetrics(WorkerGroup workerGroup) {
		ReusePortWorkerMetrics metrics = new ReusePortWorkerMetrics(workerGroup);
		workerGroup.addWorkerListener(metrics::workerCreated);
		return metrics;
	}

	@Bean
	@ConditionalOnBean(CacheCoherence.class)
	@ConditionalOnMissingBean
	CacheCoherenceMetrics cacheCoherenceMetrics(CacheCoherence cacheCoherence) {
		return new CacheCoherenceMetrics(cacheCoherence);
	}

	@Bean
	@ConditionalOnBean({ RedisTierStatistics.class, HttpResponseCache.class })
	@ConditionalOnMissingBean
	HttpCacheRedisMetrics httpCacheRedisMetrics(RedisTierStatistics redisTier, HttpResponseCache httpResponseCache) {
		return new HttpCacheRedisMetrics(redisTier, httpResponseCache.getName());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.github.benmanes.caffeine.cache.Caffeine")
	static class CacheMetricsConfiguration {

		@Bean
		@Conditional(AnyCacheCondition.class)
		@ConditionalOnMissingBean
		ReusePortCacheMetrics reusePortCacheMetrics(ObjectProvider<SharedCache> sharedCache,
				ObjectProvider<HttpResponseCache> httpResponseCache) {
			return new ReusePortCacheMetrics(sharedCache.getIfAvailable(), httpResponseCache.getIfAvailable());
		}

		static class AnyCacheCondition extends AnyNestedCondition {

			AnyCacheCondition() {
				super(ConfigurationPhase.REGISTER_BEAN);
			}

			@ConditionalOnBean(SharedCache.class)
			static class SharedCacheBean {

			}

			@ConditionalOnBean(HttpResponseCache.class)
			static class HttpResponseCacheBean {

			}

		}

	}

	/**
	 * The distributed offload queue's meters, looked at only where Lettuce is there (its
	 * worker and submitter are built on it).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.lettuce.core.RedisClient")
	static class DistributedOffloadMetricsConfiguration {

		@Bean
		@ConditionalOnBean({ TaskWorker.class, TaskSubmitter.class })
		@ConditionalOnMissingBean
		DistributedOffloadMetrics distributedOffloadMetrics(TaskWorker taskWorker, TaskSubmitter taskSubmitter) {
			return new DistributedOffloadMetrics(taskWorker, taskSubmitter);
		}

	}

}
