/*
 * Copyright 2026 the original author or authors.
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

package dev.dispatch.web;

import java.net.URI;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.dispatch.DispatchRemoteException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;

/**
 * Turns the Dispatch exceptions that escape a controller into RFC 9457 problem details
 * with a status a client can act on, for Spring MVC and WebFlux alike.
 * <p>
 * It is ordered last, so a controller's own {@code @ExceptionHandler} or an application's
 * {@code @ControllerAdvice} for the same exception wins. Titles, details and types can be
 * replaced through the {@link MessageSource}, with the codes of
 * {@link ErrorResponse#getDefaultTitleMessageCode(Class)} and its siblings.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class DispatchExceptionHandler implements MessageSourceAware {

	/**
	 * Problem type of a {@link ServiceUnavailableException}.
	 */
	public static final URI SERVICE_UNAVAILABLE = URI.create("https://dispatch.dev/problems/service-unavailable");

	/**
	 * Problem type of a {@link ServiceOverloadedException}.
	 */
	public static final URI SERVICE_OVERLOADED = URI.create("https://dispatch.dev/problems/service-overloaded");

	/**
	 * Problem type of a {@link DispatchTimeoutException}.
	 */
	public static final URI SERVICE_TIMEOUT = URI.create("https://dispatch.dev/problems/service-timeout");

	/**
	 * Problem type of a {@link DispatchRemoteException}.
	 */
	public static final URI SERVICE_FAILED = URI.create("https://dispatch.dev/problems/service-failed");

	/**
	 * Seconds after which a client may try again, sent as {@code Retry-After} with a 503.
	 */
	public static final int RETRY_AFTER_SECONDS = 1;

	private static final Log logger = LogFactory.getLog(DispatchExceptionHandler.class);

	private @Nullable MessageSource messageSource;

	@Override
	public void setMessageSource(MessageSource messageSource) {
		this.messageSource = messageSource;
	}

	/**
	 * No service of the type could take the call: {@code 503} with {@code Retry-After}.
	 * @param ex the exception
	 * @param locale the locale of the request
	 * @return the problem detail
	 */
	@ExceptionHandler
	public ErrorResponse handleServiceUnavailable(ServiceUnavailableException ex, Locale locale) {
		return build(ErrorResponse.builder(ex, HttpStatus.SERVICE_UNAVAILABLE, String.valueOf(ex.getMessage()))
			.type(SERVICE_UNAVAILABLE)
			.title("Service unavailable")
			.property("serviceType", ex.getType())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)), locale);
	}

	/**
	 * The service's mailbox was full: {@code 503} with {@code Retry-After}, since the
	 * server, not the client, ran out of room.
	 * @param ex the exception
	 * @param locale the locale of the request
	 * @return the problem detail
	 */
	@ExceptionHandler
	public ErrorResponse handleServiceOverloaded(ServiceOverloadedException ex, Locale locale) {
		return build(service(ErrorResponse.builder(ex, HttpStatus.SERVICE_UNAVAILABLE, String.valueOf(ex.getMessage()))
			.type(SERVICE_OVERLOADED)
			.title("Service overloaded")
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)), ex.getService()), locale);
	}

	/**
	 * The service did not answer in time: {@code 504}.
	 * @param ex the exception
	 * @param locale the locale of the request
	 * @return the problem detail
	 */
	@ExceptionHandler
	public ErrorResponse handleTimeout(DispatchTimeoutException ex, Locale locale) {
		return build(service(ErrorResponse.builder(ex, HttpStatus.GATEWAY_TIMEOUT, String.valueOf(ex.getMessage()))
			.type(SERVICE_TIMEOUT)
			.title("Service did not answer in time"), ex.getService()), locale);
	}

	/**
	 * The service's handler threw: {@code 502}. The detail names the class of the
	 * handler's exception but not its message, which is the application's own text and
	 * goes to this class's log at warn level instead.
	 * @param ex the exception
	 * @param locale the locale of the request
	 * @return the problem detail
	 */
	@ExceptionHandler
	public ErrorResponse handleRemote(DispatchRemoteException ex, Locale locale) {
		logger.warn(ex.getMessage());
		ServiceRef service = ex.getService();
		String detail = "Service " + service.id() + " of type '" + service.type() + "' failed: "
				+ ex.getRemoteExceptionClassName();
		return build(service(
				ErrorResponse.builder(ex, HttpStatus.BAD_GATEWAY, detail).type(SERVICE_FAILED).title("Service failed"),
				service), locale);
	}

	private static ErrorResponse.Builder service(ErrorResponse.Builder builder, ServiceRef service) {
		return builder.property("serviceType", service.type()).property("service", service.id());
	}

	private ErrorResponse build(ErrorResponse.Builder builder, Locale locale) {
		return (this.messageSource != null) ? builder.build(this.messageSource, locale) : builder.build();
	}

}
