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

import dev.reuseport.offload.OffloadCallerThreads;
import dev.reuseport.offload.OffloadMethodPostProcessor;
import dev.reuseport.offload.OffloadRuntimeHints;
import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.OffloadSchedulerBuilder;
import dev.reuseport.offload.OffloadSchedulerCustomizer;
import dev.reuseport.offload.web.OffloadUnavailableWebExceptionHandler;
import dev.reuseport.offload.web.OffloadWebFluxConfigurer;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Auto-configuration of the {@link OffloadScheduler} for CPU-heavy work, and of its
 * WebFlux integration: {@code @Offload} controller methods and {@code 503} answers to
 * saturation. Switched by {@code reuseport.offload.enabled} only: it stays when
 * {@code reuseport.enabled=false} returns the application to Spring Boot's own server.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(Mono.class)
@ConditionalOnBooleanProperty(name = "reuseport.offload.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReusePortProperties.class)
@ImportRuntimeHints(OffloadRuntimeHints.class)
public final class ReusePortOffloadAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OffloadSchedulerBuilder offloadSchedulerBuilder(ReusePortProperties properties,
			ObjectProvider<OffloadSchedulerCustomizer> customizers, ObjectProvider<ObservationRegistry> observations) {
		ReusePortProperties.Offload offload = properties.getOffload();
		OffloadSchedulerBuilder builder = new OffloadSchedulerBuilder();
		PropertyMapper map = PropertyMapper.get();
		builder = map.from(offload::getThreads).to(builder, OffloadSchedulerBuilder::threads);
		builder = map.from(offload::getQueueCapacity).to(builder, OffloadSchedulerBuilder::queueCapacity);
		builder = builder.queueTimeout(offload.getQueueTimeout())
			.timeout(offload.getTimeout())
			.keepAlive(offload.getKeepAlive())
			.threadNamePrefix(offload.getThreadNamePrefix());
		ObservationRegistry observationRegistry = observations.getIfUnique();
		if (observationRegistry != null) {
			builder = builder.observationRegistry(observationRegistry);
		}
		for (OffloadSchedulerCustomizer customizer : customizers.orderedStream().toList()) {
			builder = customizer.customize(builder);
		}
		return builder;
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean
	OffloadScheduler offloadScheduler(OffloadSchedulerBuilder offloadSchedulerBuilder) {
		return offloadSchedulerBuilder.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFluxConfigurer.class)
	static class OffloadWebFluxConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OffloadUnavailableWebExceptionHandler offloadUnavailableWebExceptionHandler(ReusePortProperties properties) {
			return new OffloadUnavailableWebExceptionHandler(properties.getOffload().getRetryAfter());
		}

		@Bean
		OffloadWebFluxConfigurer offloadWebFluxConfigurer(OffloadScheduler offloadScheduler, Environment environment,
				ObjectProvider<OffloadCallerThreads> callerThreads) {
			return new OffloadWebFluxConfigurer(offloadScheduler, Threading.VIRTUAL.isActive(environment),
					callerThreads::getIfAvailable);
		}

		@Bean
		static OffloadMethodPostProcessor offloadMethodPostProcessor(
				ObjectProvider<OffloadScheduler> offloadScheduler) {
			return new OffloadMethodPostProcessor(offloadScheduler::getObject);
		}

	}

}
