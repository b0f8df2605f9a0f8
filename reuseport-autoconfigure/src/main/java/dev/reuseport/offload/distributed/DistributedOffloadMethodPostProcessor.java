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

package dev.reuseport.offload.distributed;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import dev.reuseport.offload.Offload;
import dev.reuseport.offload.OffloadScheduler;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Proxies beans with {@link Offload @Offload(distributed = true)} methods so that their
 * calls go through the distributed offload queue (see
 * {@link DistributedOffloadInterceptor}).
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class DistributedOffloadMethodPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/**
	 * Create a new instance. The suppliers are called on the first call.
	 * @param registrar the registered tasks
	 * @param tasks queues calls
	 * @param scheduler the local offload pool
	 * @param arguments writes arguments and reads results
	 * @param policy when calls are queued
	 */
	public DistributedOffloadMethodPostProcessor(Supplier<DistributedTaskRegistrar> registrar,
			Supplier<DistributedTasks> tasks, Supplier<OffloadScheduler> scheduler, Supplier<TaskArguments> arguments,
			DistributedPolicy policy) {
		this.advisor = new DefaultPointcutAdvisor(new DistributedMethods(),
				new DistributedOffloadInterceptor(registrar, tasks, scheduler, arguments, policy));
		setProxyTargetClass(true);
		// after OffloadMethodPostProcessor, in front of its advisor: the queue decides
		// where a call runs before the local pool's interceptor moves it to the pool
		setBeforeExistingAdvisors(true);
		setOrder(Ordered.LOWEST_PRECEDENCE);
	}

	private static final class DistributedMethods extends StaticMethodMatcherPointcut {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			Offload offload = AnnotatedElementUtils
				.findMergedAnnotation(AopUtils.getMostSpecificMethod(method, targetClass), Offload.class);
			return offload != null && offload.distributed();
		}

	}

}
