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
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;

import dev.reuseport.offload.OffloadCallerThreads;
import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.distributed.DistributedOffloadLifecycle;
import dev.reuseport.offload.distributed.DistributedOffloadMethodPostProcessor;
import dev.reuseport.offload.distributed.DistributedPolicy;
import dev.reuseport.offload.distributed.DistributedTaskRegistrar;
import dev.reuseport.offload.distributed.DistributedTasks;
import dev.reuseport.offload.distributed.TaskArguments;
import dev.reuseport.offload.distributed.TaskQueueAdmin;
import dev.reuseport.offload.distributed.TaskRegistry;
import dev.reuseport.offload.distributed.TaskSigner;
import dev.reuseport.offload.distributed.TaskStreams;
import dev.reuseport.offload.distributed.TaskSubmitter;
import dev.reuseport.offload.distributed.TaskWorker;
import dev.reuseport.offload.web.DistributedOffloadWebFluxConfigurer;
import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.RedisClient;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of the distributed offload queue: {@code @Offload(distributed =
 * true)} methods queued on a Redis stream of the application
 * ({@code reuseport:<spring.application.name>:offload:tasks}) and run by any instance
 * with an idle offload thread, through Spring Data Redis's Lettuce connection. Off unless
 * {@code reuseport.offload.distributed.enabled=true}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = ReusePortOffloadAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnBooleanProperty("reuseport.offload.distributed.enabled")
@ConditionalOnClass(name = { "io.lettuce.core.RedisClient",
		"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
		"tools.jackson.databind.json.JsonMapper" })
@ConditionalOnBean(OffloadScheduler.class)
@EnableConfigurationProperties(ReusePortProperties.class)
public final class ReusePortDistributedOffloadAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static TaskRegistry reusePortTaskRegistry() {
		return new TaskRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	static TaskArguments reusePortTaskArguments() {
		return new TaskArguments();
	}

	@Bean
	static DistributedTaskRegistrar distributedTaskRegistrar(TaskRegistry reusePortTaskRegistry,
			Environment environment) {
		Duration timeout = Binder.get(environment)
			.bind("reuseport.offload.timeout", Duration.class)
			.orElse(Duration.ofSeconds(10));
		return new DistributedTaskRegistrar(reusePortTaskRegistry, timeout);
	}

	@Bean
	static DistributedOffloadMethodPostProcessor distributedOffloadMethodPostProcessor(
			ObjectProvider<DistributedTaskRegistrar> registrar, ObjectProvider<DistributedTasks> tasks,
			ObjectProvider<OffloadScheduler> scheduler, ObjectProvider<TaskArguments> arguments,
			Environment environment) {
		DistributedPolicy policy = Binder.get(environment)
			.bind("reuseport.offload.distributed.policy", DistributedPolicy.class)
			.orElse(DistributedPolicy.LOCAL_FIRST);
		return new DistributedOffloadMethodPostProcessor(registrar::getObject, tasks::getObject, scheduler::getObject,
				arguments::getObject, policy);
	}

	@Bean
	@ConditionalOnMissingBean(name = "reusePortOffloadRedisConnector")
	RedisConnector reusePortOffloadRedisConnector(ObjectProvider<LettuceConnectionFactory> connectionFactory) {
		return RedisConnector.borrowing(() -> (RedisClient) connectionFactory.getObject().getRequiredNativeClient());
	}

	@Bean
	@ConditionalOnMissingBean
	TaskStreams reusePortTaskStreams(Environment environment) {
		return TaskStreams.of(environment.getProperty("spring.application.name", "application"));
	}

	@Bean
	@ConditionalOnMissingBean
	TaskSubmitter reusePortTaskSubmitter(
			@Qualifier("reusePortOffloadRedisConnector") RedisConnector reusePortOffloadRedisConnector,
			TaskStreams streams, ReusePortProperties properties, Environment environment,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		TaskSubmitter submitter = new TaskSubmitter(reusePortOffloadRedisConnector, streams, instance(environment),
				properties.getOffload().getDistributed().getMaxQueued());
		observationRegistry.ifUnique(submitter::setObservationRegistry);
		TaskSigner signer = signer(properties);
		if (signer != null) {
			submitter.setSigner(signer);
		}
		return submitter;
	}

	@Bean
	@ConditionalOnMissingBean
	TaskWorker reusePortTaskWorker(
			@Qualifier("reusePortOffloadRedisConnector") RedisConnector reusePortOffloadRedisConnector,
			TaskStreams streams, TaskRegistry registry, TaskArguments arguments, OffloadScheduler scheduler,
			TaskSubmitter submitter, ReusePortProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		ReusePortProperties.Offload.Distributed distributed = properties.getOffload().getDistributed();
		ThreadPoolExecutor pool = scheduler.getThreadPoolExecutor();
		TaskWorker worker = new TaskWorker(reusePortOffloadRedisConnector, streams, submitter.getInstance(), registry,
				arguments, pool, pool.getMaximumPoolSize(), new TaskWorker.Settings(distributed.getLease(),
						distributed.getMaxAttempts(), distributed.getMaxDeliveries(), distributed.getBackoff()));
		worker.setIdleThreads(scheduler::getIdleThreads);
		observationRegistry.ifUnique(worker::setObservationRegistry);
		TaskSigner signer = signer(properties);
		if (signer != null) {
			worker.setSigner(signer);
		}
		return worker;
	}

	@Bean
	@ConditionalOnMissingBean
	DistributedTasks distributedTasks(TaskSubmitter submitter, TaskArguments arguments, OffloadScheduler scheduler) {
		Duration timeout = scheduler.getTimeout();
		return new DistributedTasks(submitter, arguments, (timeout.isZero()) ? Duration.ofDays(1) : timeout);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	TaskQueueAdmin reusePortTaskQueueAdmin(
			@Qualifier("reusePortOffloadRedisConnector") RedisConnector reusePortOffloadRedisConnector,
			TaskStreams streams, ReusePortProperties properties) {
		TaskQueueAdmin admin = new TaskQueueAdmin(reusePortOffloadRedisConnector, streams, Duration.ofSeconds(2));
		TaskSigner signer = signer(properties);
		if (signer != null) {
			admin.setSigner(signer);
		}
		return admin;
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	OffloadCallerThreads reusePortOffloadCallerThreads(ReusePortProperties properties) {
		ReusePortProperties.Offload offload = properties.getOffload();
		return new OffloadCallerThreads(offload.getThreadNamePrefix() + "caller-",
				offload.getDistributed().getCallerThreads(), offload.getKeepAlive(),
				offload.getDistributed().getPolicy() == DistributedPolicy.ALWAYS);
	}

	@Bean
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	DistributedOffloadWebFluxConfigurer distributedOffloadWebFluxConfigurer() {
		return new DistributedOffloadWebFluxConfigurer();
	}

	@Bean
	DistributedOffloadLifecycle distributedOffloadLifecycle(TaskSubmitter submitter, TaskWorker worker,
			ReusePortProperties properties) {
		return new DistributedOffloadLifecycle(submitter, worker, properties.getDrainTimeout());
	}

	private static @Nullable TaskSigner signer(ReusePortProperties properties) {
		String key = properties.getOffload().getDistributed().getSigningKey();
		return (key != null) ? new TaskSigner(key.getBytes(StandardCharsets.UTF_8)) : null;
	}

	/**
	 * Return this instance's name in the queue, given to its submitter: the key of its
	 * reply stream and the consumer name of its worker, unique among the instances (a new
	 * one for each start).
	 * @param environment the environment
	 * @return the name
	 */
	private static String instance(Environment environment) {
		String host = environment.getProperty("HOSTNAME", "host");
		return host + "-" + ProcessHandle.current().pid() + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt());
	}

}
