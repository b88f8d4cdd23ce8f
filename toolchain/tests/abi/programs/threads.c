/* Threads: pthread_create/join/detach, mutex, condition variable, TLS, cancellation. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static _Thread_local int per_thread = 7;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int counter;

static void *work(void *arg)
{
	per_thread += (int)(long)arg;
	pthread_mutex_lock(&lock);
	counter += per_thread;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	return arg;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;) pause();
	return 0;
}

int main(void)
{
	pthread_t t[4], s;
	for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, work, (void *)i);
	for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
	pthread_create(&s, 0, sleeper, 0);
	pthread_cancel(s);
	pthread_join(s, 0);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&s, &attr, work, 0);
	printf("counter %d, main tls %d\n", counter, per_thread);
	return counter == 4 * 7 + 6 ? 0 : 1;
}
