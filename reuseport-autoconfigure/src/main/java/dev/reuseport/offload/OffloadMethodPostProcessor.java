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

package dev.reuseport.offload;

import java.util.function.Supplier;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.Ordered;

/**
 * Proxies beans with {@link Offload @Offload} methods so that
 * {@link OffloadMethodInterceptor} applies the offload deadlines to them.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class OffloadMethodPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/**
	 * The order of this post-processor: just before the lowest precedence, so that an
	 * advisor added by a later post-processor in front of the existing ones (the
	 * distributed offload queue's) decides before this one.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;

	/**
	 * Create a new instance.
	 * @param scheduler supplies the scheduler that {@code @Offload} methods called on a
	 * virtual thread move to; called on the first such call
	 */
	public OffloadMethodPostProcessor(Supplier<OffloadScheduler> scheduler) {
		this.advisor = new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(Offload.class),
				new OffloadMethodInterceptor(scheduler));
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
		setOrder(ORDER);
	}

}
