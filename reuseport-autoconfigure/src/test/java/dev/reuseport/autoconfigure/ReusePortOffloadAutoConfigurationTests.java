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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reuseport.autoconfigure.metrics.ReusePortMetricsAutoConfiguration;
import dev.reuseport.metrics.OffloadMetrics;
import dev.reuseport.offload.OffloadMethodPostProcessor;
import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.OffloadSchedulerBuilder;
import dev.reuseport.offload.OffloadSchedulerCustomizer;
import dev.reuseport.offload.web.OffloadUnavailableWebExceptionHandler;
import dev.reuseport.offload.web.OffloadWebFluxConfigurer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReusePortOffloadAutoConfiguration} and the offload part of
 * {@link ReusePortMetricsAutoConfiguration}.
 *
 * @author reuseport team
 */
class ReusePortOffloadAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ReusePortOffloadAutoConfiguration.class, ReusePortMetricsAutoConfiguration.class));

	@Test
	void schedulerWithDefaults() {
		this.contextRunner.run((context) -> {
			OffloadScheduler scheduler = context.getBean(OffloadScheduler.class);
			int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
			assertThat(scheduler.getStatistics().threads()).isEqualTo(threads);
			assertThat(scheduler.getStatistics().queueCapacity()).isEqualTo(4 * threads * threads);
			assertThat(scheduler.getQueueTimeout()).isEqualTo(Duration.ofSeconds(1));
			assertThat(scheduler.getTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void tasksAreObservedWithTheApplicationsObservationRegistry() {
		List<String> observed = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				observed.add(context.getName() + " " + context.getLowCardinalityKeyValue("outcome").getValue());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			assertThat(context.getBean(OffloadScheduler.class).submit(() -> "done").block(Duration.ofSeconds(10)))
				.isEqualTo("done");
			// the observation stops when the Mono ends, just after block() returns
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(observed).containsExactly("reuseport.offload success"));
		});
	}

	@Test
	void propertiesReachTheScheduler() {
		this.contextRunner
			.withPropertyValues("reuseport.offload.threads=3", "reuseport.offload.queue-capacity=7",
					"reuseport.offload.queue-timeout=2s", "reuseport.offload.timeout=0")
			.run((context) -> {
				OffloadScheduler scheduler = context.getBean(OffloadScheduler.class);
				assertThat(scheduler.getStatistics().threads()).isEqualTo(3);
				assertThat(scheduler.getStatistics().queueCapacity()).isEqualTo(7);
				assertThat(scheduler.getQueueTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(scheduler.getTimeout()).isZero();
			});
	}

	@Test
	void customizerAdjustsTheBuilder() {
		this.contextRunner
			.withBean(OffloadSchedulerCustomizer.class, () -> (builder) -> builder.threads(5).name("reports"))
			.run((context) -> {
				OffloadScheduler scheduler = context.getBean(OffloadScheduler.class);
				assertThat(scheduler.getStatistics().threads()).isEqualTo(5);
				assertThat(scheduler.getName()).isEqualTo("reports");
			});
	}

	@Test
	void userSchedulerWins() {
		this.contextRunner
			.withBean("userScheduler", OffloadScheduler.class, () -> new OffloadSchedulerBuilder().threads(1).build())
			.run((context) -> assertThat(context).hasSingleBean(OffloadScheduler.class).hasBean("userScheduler"));
	}

	@Test
	void backsOffWhenOffloadIsDisabled() {
		this.contextRunner.withPropertyValues("reuseport.offload.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OffloadScheduler.class));
	}

	@Test
	void staysWhenOnlyTheServerModeIsDisabled() {
		this.contextRunner.withPropertyValues("reuseport.enabled=false")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(OffloadScheduler.class)
				.hasSingleBean(OffloadMetrics.class));
	}

	@Test
	void webBeansOnlyInReactiveWebApplication() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OffloadWebFluxConfigurer.class)
			.doesNotHaveBean(OffloadUnavailableWebExceptionHandler.class));
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortOffloadAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(OffloadWebFluxConfigurer.class)
				.hasSingleBean(OffloadUnavailableWebExceptionHandler.class)
				.hasSingleBean(OffloadMethodPostProcessor.class));
	}

	@Test
	void userExceptionHandlerWins() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortOffloadAutoConfiguration.class))
			.withBean("userHandler", OffloadUnavailableWebExceptionHandler.class,
					() -> new OffloadUnavailableWebExceptionHandler(Duration.ofSeconds(30)))
			.run((context) -> assertThat(context).hasSingleBean(OffloadUnavailableWebExceptionHandler.class)
				.hasBean("userHandler"));
	}

	@Test
	void metricsWithMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(OffloadMetrics.class));
	}

	@Test
	void noMetricsWithoutMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OffloadMetrics.class));
	}

	@Test
	void noMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OffloadMetrics.class)
				.hasSingleBean(OffloadScheduler.class));
	}

	@Test
	void zeroThreadsFailsWithReason() {
		this.contextRunner.withPropertyValues("reuseport.offload.threads=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'reuseport.offload.threads' must be between 1 and 1024 but was 0"));
	}

	@Test
	void negativeQueueCapacityFailsWithReason() {
		this.contextRunner.withPropertyValues("reuseport.offload.queue-capacity=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'reuseport.offload.queue-capacity' must not be negative but was -1"));
	}

}
