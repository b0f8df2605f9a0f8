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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.reuseport.offload.Offload;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers every {@link Offload @Offload(distributed = true)} method of the
 * application's beans as a task of the {@link TaskRegistry}, by its name, once its
 * parameters are known to travel as JSON: a parameter of a type that cannot (the
 * exchange, the request, a {@code Principal}, a stream, a publisher) fails start-up with
 * a {@link DistributedTaskDefinitionException} that names the method. A parameter of type
 * {@link TaskContext} does not travel: it receives the task's id and attempt.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class DistributedTaskRegistrar implements BeanPostProcessor {

	private static final List<String> CANNOT_TRAVEL = List.of("org.springframework.web.server.ServerWebExchange",
			"org.springframework.http.server.reactive.ServerHttpRequest",
			"org.springframework.http.server.reactive.ServerHttpResponse", "java.security.Principal",
			"java.io.InputStream", "java.io.OutputStream", "java.io.Reader", "java.io.Writer",
			"org.reactivestreams.Publisher", "java.util.stream.BaseStream", "java.util.concurrent.Future",
			"java.util.concurrent.CompletionStage", "java.lang.Thread", "java.util.function.Supplier");

	private final TaskRegistry registry;

	private final Duration timeout;

	private final Map<Method, Definition> definitions = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param registry where tasks are registered
	 * @param timeout how long a task's {@code Mono} or future result is awaited when it
	 * runs for another instance
	 */
	public DistributedTaskRegistrar(TaskRegistry registry, Duration timeout) {
		this.registry = registry;
		this.timeout = timeout;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		Class<?> type = ClassUtils.getUserClass(bean);
		if (!AnnotationUtils.isCandidateClass(type, Offload.class)) {
			return bean;
		}
		ReflectionUtils.doWithMethods(type, (method) -> register(bean, beanName, method),
				(method) -> !method.isBridge() && !method.isSynthetic());
		return bean;
	}

	private void register(Object bean, String beanName, Method method) {
		Offload offload = AnnotatedElementUtils.findMergedAnnotation(method, Offload.class);
		if (offload == null || !offload.distributed() || this.definitions.containsKey(method)) {
			return;
		}
		String name = offload.name().isEmpty() ? beanName + "." + method.getName() : offload.name();
		List<Type> types = new ArrayList<>();
		int contextIndex = -1;
		for (int i = 0; i < method.getParameterCount(); i++) {
			Class<?> parameter = method.getParameterTypes()[i];
			if (parameter == TaskContext.class) {
				contextIndex = i;
				continue;
			}
			for (String forbidden : CANNOT_TRAVEL) {
				if (ClassUtils.isPresent(forbidden, method.getDeclaringClass().getClassLoader())
						&& ClassUtils.resolveClassName(forbidden, method.getDeclaringClass().getClassLoader())
							.isAssignableFrom(parameter)) {
					throw new DistributedTaskDefinitionException(method, "its parameter " + i + " ("
							+ parameter.getName() + ") cannot travel to another instance as JSON");
				}
			}
			types.add(method.getGenericParameterTypes()[i]);
		}
		ReflectionUtils.makeAccessible(method);
		Definition definition = new Definition(name, method, types.toArray(Type[]::new), contextIndex,
				resultType(method));
		int context = contextIndex;
		try {
			this.registry.register(name, definition.parameterTypes(), (arguments, taskContext) -> await(
					invoke(bean, method, withContext(arguments, context, taskContext)), this.timeout));
		}
		catch (IllegalStateException ex) {
			throw new DistributedTaskDefinitionException(method, "its task name '" + name + "' is taken");
		}
		this.definitions.put(method, definition);
	}

	/**
	 * Return the definition of a registered method.
	 * @param method the method
	 * @return its definition, or {@code null} when it is not a distributed task
	 */
	public @Nullable Definition definition(Method method) {
		return this.definitions.get(method);
	}

	private static @Nullable Object[] withContext(@Nullable Object[] arguments, int contextIndex, TaskContext context) {
		if (contextIndex < 0) {
			return arguments;
		}
		@Nullable Object[] all = new Object[arguments.length + 1];
		for (int i = 0, j = 0; i < all.length; i++) {
			all[i] = (i == contextIndex) ? context : arguments[j++];
		}
		return all;
	}

	private static @Nullable Object invoke(Object bean, Method method, @Nullable Object[] arguments) throws Exception {
		try {
			return method.invoke(bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
	}

	/**
	 * Wait for the value of a method's result: a {@code Mono} or a future is awaited, at
	 * most for the timeout; anything else is the value.
	 * @param result what the method returned
	 * @param timeout how long to wait
	 * @return the value
	 * @throws Exception what the result failed with
	 */
	static @Nullable Object await(@Nullable Object result, Duration timeout) throws Exception {
		if (result instanceof Mono<?> mono) {
			return mono.block(timeout);
		}
		if (result instanceof CompletionStage<?> stage) {
			try {
				return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				Throwable cause = ex.getCause();
				throw (cause instanceof Exception exception) ? exception : ex;
			}
		}
		return result;
	}

	private static Type resultType(Method method) {
		ResolvableType returnType = ResolvableType.forMethodReturnType(method);
		Class<?> raw = returnType.resolve(Object.class);
		if (Mono.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw)) {
			return returnType.as(Mono.class.isAssignableFrom(raw) ? Mono.class : CompletionStage.class)
				.getGeneric(0)
				.getType();
		}
		return returnType.getType();
	}

	/**
	 * A distributed task defined by a method.
	 *
	 * @param name the task's name
	 * @param method the method
	 * @param parameterTypes the types of the arguments that travel
	 * @param contextIndex the index of its {@link TaskContext} parameter, or {@code -1}
	 * @param resultType the type of the value its result carries
	 */
	public record Definition(String name, Method method, Type[] parameterTypes, int contextIndex, Type resultType) {

		/**
		 * Return the arguments of a call that travel: all but the {@link TaskContext}.
		 * @param arguments the call's arguments
		 * @return the arguments that travel
		 */
		public @Nullable Object[] travelling(@Nullable Object[] arguments) {
			if (this.contextIndex < 0) {
				return arguments;
			}
			@Nullable Object[] travelling = new Object[arguments.length - 1];
			for (int i = 0, j = 0; i < arguments.length; i++) {
				if (i != this.contextIndex) {
					travelling[j++] = arguments[i];
				}
			}
			return travelling;
		}

	}

}
