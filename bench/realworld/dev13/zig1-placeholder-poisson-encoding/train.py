# code/layers.py and the Poisson part of code/encoding.py of zhd96/zig in one file,
# run on simulated head-direction data.
import os
import tempfile
import tensorflow as tf
import numpy as np
DTYPE = tf.float32

## Neural network layers ##

class FullLayer():
    """
    """
    def __init__(self):
        """
        """
        self.nl_dict = {'softplus' : tf.nn.softplus, 'linear' : tf.identity,
                        'softmax' : tf.nn.softmax, 'relu' : tf.nn.relu,
                        'sigmoid' : tf.nn.sigmoid, 'tanh': tf.nn.tanh}
        
    def __call__(self, Input, nodes, nl='softplus', scope=None, name='out',
                 initializer=None,
                 b_initializer=None, isconst=False):
        """
        """
        nonlinearity = self.nl_dict[nl]
        input_dim = Input.get_shape()[-1]
        
        if b_initializer is None:
            b_initializer = tf.zeros([nodes]);
        if initializer is None:
            initializer = tf.orthogonal_initializer();
            
        with tf.variable_scope(scope):
            if isconst:
                weights = tf.get_variable('weights', dtype=DTYPE, initializer=initializer);
            else:
                weights = tf.get_variable('weights', [input_dim, nodes], dtype=DTYPE, initializer=initializer);
                
            biases = tf.get_variable('biases', dtype=DTYPE, initializer=b_initializer)
            full = nonlinearity(tf.matmul(Input, weights) + biases,
                                name=name)
                    
        return full

## encoding

def poissonEncoding(Y, X, yDim, xDim, gen_nodes, learning_rate):
    DTYPE = tf.float32
    #yDim = tf.shape(Y)[1];
    #xDim = tf.shape(X)[1];

    fullyConnectedLayer = FullLayer();

    rangeRate1 = 1/tf.sqrt(tf.cast(xDim, DTYPE));
    rangeRate2 = 1/tf.sqrt(tf.cast(gen_nodes, DTYPE));

    with tf.variable_scope("poi_rate_nn", reuse=tf.AUTO_REUSE):
        full1 = fullyConnectedLayer(X, gen_nodes, nl='tanh', scope='full1',
                initializer=tf.random_uniform_initializer(minval=-rangeRate1,maxval=rangeRate1));
        full2 = fullyConnectedLayer(full1, gen_nodes, nl='tanh', scope='full2',
                initializer=tf.random_uniform_initializer(minval=-rangeRate2,maxval=rangeRate2));
        full = fullyConnectedLayer(full2, yDim, nl='linear', scope='output',
                initializer=tf.random_uniform_initializer(minval=-rangeRate2,maxval=rangeRate2));

    rate = tf.exp(full);
    entropy_loss = tf.reduce_sum(Y*tf.log(rate) - rate); #-tf.reduce_sum((Y-rate)**2)#

    with tf.variable_scope("poi_adam", reuse=tf.AUTO_REUSE):
        optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(-entropy_loss);
    
    return optimizer, entropy_loss, rate

def poissonRunner(Y_train, Y_valid, hd_train, hd_valid, hd_test, n_epochs=800, learning_rate=1e-2, gen_nodes=60, bin_len=181, path='./rlt/'):
    name = path+'poi.ckpt';
    nTrain = Y_train.shape[0];
    nValid = Y_valid.shape[0];
    hd_angle_train = np.vstack((np.cos(hd_train*np.pi/180), np.sin(hd_train*np.pi/180))).T;
    hd_angle_valid = np.vstack((np.cos(hd_valid*np.pi/180), np.sin(hd_valid*np.pi/180))).T;
    hd_angle_test = np.vstack((np.cos(hd_test*np.pi/180), np.sin(hd_test*np.pi/180))).T;

    cost = [];
    test_cost = [];
    yDim = Y_train.shape[1];
    xDim = 2;
    
    Y = tf.placeholder(DTYPE, [None, yDim], name='Y');
    X = tf.placeholder(DTYPE, [None, xDim], name='X');

    optimizer, entropy_loss, rate = poissonEncoding(Y, X, yDim, xDim, gen_nodes, learning_rate);

    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver();
    
    for ie in range(n_epochs):
        _, cost_ib = sess.run((optimizer, entropy_loss), feed_dict={Y: Y_train, X: hd_angle_train})
        avgcost_ib = cost_ib/Y_train.shape[0];
        cost.append(avgcost_ib);

        avgcost_ib = sess.run(entropy_loss, feed_dict={Y: Y_valid, X: hd_angle_valid});
        test_cost.append(avgcost_ib/nValid)
        
        # save results
        if ie>0 and test_cost[-1]==max(test_cost):
            saver.save(sess, name);
    
    saver.restore(sess, name);
    
    hd_bins = np.linspace(-180,180,bin_len)
    hd_bins_use = hd_bins[1:]
    hd_bins_angle =  np.vstack((np.cos(hd_bins_use*np.pi/180), np.sin(hd_bins_use*np.pi/180))).T;
    spl_values = sess.run(rate, feed_dict={X: hd_bins_angle})
    yfit = sess.run(rate, feed_dict={X: np.vstack((hd_angle_train, hd_angle_valid, hd_angle_test))})
    return spl_values, yfit, cost, test_cost

## simulated head-direction cells (stand-in for data/sample_deconv_traces.mat)
np.random.seed(666)
hd = np.random.uniform(-180, 180, size=400)
pref = np.linspace(-180, 180, 6)[:-1]
tuning = np.exp(2.0*np.cos((hd[:, None] - pref[None, :])*np.pi/180)) * 0.5
Y_real = np.random.poisson(tuning).astype(np.float32)
Y_train, Y_valid, Y_test = Y_real[:250], Y_real[250:320], Y_real[320:]
hd_train, hd_valid, hd_test = hd[:250], hd[250:320], hd[320:]

spl_values, yfit, cost, test_cost = poissonRunner(Y_train, Y_valid, hd_train, hd_valid, hd_test,
                                                  n_epochs=60, path=tempfile.mkdtemp()+os.sep)
print("final train cost", cost[-1], "best valid cost", max(test_cost))
print("tuning curve table", spl_values.shape, "fitted rates", yfit.shape)
